using System.Reflection;
using Parley.Protocol.Errors;

namespace Parley.Protocol.Tests;

public class ErrorCatalogTests
{
    private static IEnumerable<(string Name, int Code)> Codes() =>
        typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => (f.Name, (int)f.GetRawConstantValue()!));

    [Fact]
    public void Every_code_in_the_catalog_is_distinct()
    {
        var duplicates = Codes().GroupBy(c => c.Code).Where(g => g.Count() > 1).Select(g => string.Join("/", g.Select(c => c.Name)));

        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_code_has_its_own_description()
    {
        var generic = Codes().Where(c => ErrorCodes.Describe(c.Code).StartsWith("Error ", StringComparison.Ordinal)).Select(c => c.Name);

        Assert.Empty(generic);
    }

    [Fact]
    public void The_vendor_auth_codes_keep_the_vendor_numbers()
    {
        // product-rules §2: clients switch on these numbers.
        Assert.Equal(70001, ErrorCodes.UserSigExpired);
        Assert.Equal(70002, ErrorCodes.UserSigEmpty);
        Assert.Equal(70003, ErrorCodes.UserSigMalformed);
        Assert.Equal(70009, ErrorCodes.UserSigSignatureMismatch);
        Assert.Equal(70013, ErrorCodes.UserSigIdentifierMismatch);
        Assert.Equal(70014, ErrorCodes.UserSigSdkAppIdMismatch);
        Assert.Equal(70016, ErrorCodes.AppHasNoKey);
        Assert.Equal(70020, ErrorCodes.SdkAppIdNotFound);
    }

    [Fact]
    public void The_media_and_privilege_codes_keep_the_numbers_of_the_protocol_page()
    {
        // docs/protocol.md §10-13; -100006 is the vendor's privilege-check code (product-rules §2, PrivateMapKey).
        Assert.Equal(-100006, ErrorCodes.PrivilegeCheckFailed);
        Assert.Equal(90020, ErrorCodes.SdpInvalid);
        Assert.Equal(90021, ErrorCodes.ProducerNotFound);
        Assert.Equal(90022, ErrorCodes.SourceAlreadyPublished);
        Assert.Equal(90023, ErrorCodes.NoPrivilege);
        Assert.Equal(90024, ErrorCodes.RoomMessageTooLarge);
        Assert.Equal(90025, ErrorCodes.NegotiationStale);
        Assert.Equal(90026, ErrorCodes.ResumeFailed);
        Assert.Equal(90027, ErrorCodes.MediaReset);
        Assert.Equal(90028, ErrorCodes.MediaNodeUnavailable);
    }

    [Fact]
    public void Every_code_is_documented_in_the_errors_page()
    {
        var doc = File.ReadAllText(FindRepoFile("docs/errors.md"));
        var missing = Codes().Where(c => !doc.Contains(c.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).Select(c => c.Name);

        Assert.Empty(missing);
    }

    private static string FindRepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException(relative);
    }
}
