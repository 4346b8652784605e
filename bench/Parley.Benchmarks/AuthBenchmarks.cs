using BenchmarkDotNet.Attributes;
using Parley.Auth;

namespace Parley.Benchmarks;

/// <summary>
/// userSig cost per login: the server verifies one sig per login, an app backend generates one per user session.
/// Run: <c>dotnet run -c Release --project bench/Parley.Benchmarks -- --filter '*AuthBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class AuthBenchmarks
{
    private const long SdkAppId = 1400000000;
    private const string Key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

    private static readonly DateTimeOffset IssuedAt = DateTimeOffset.FromUnixTimeSeconds(1700000000);
    private static readonly DateTimeOffset VerifiedAt = IssuedAt.AddHours(1);
    private static readonly UserSigKeys Keys = new(Key, null);

    // An instance field, not a constant: BenchmarkDotNet needs instance benchmark methods.
    private readonly string _identifier = "xiaojun";
    private string _userSig = "";
    private string _privateMapKey = "";

    [GlobalSetup]
    public void Setup()
    {
        _userSig = UserSigGenerator.Generate(SdkAppId, Key, _identifier, now: IssuedAt);
        _privateMapKey = PrivateMapKeyGenerator.Generate(SdkAppId, Key, _identifier, 3600, 12345, RoomPrivileges.All, now: IssuedAt);
    }

    [Benchmark]
    public string Generate() => UserSigGenerator.Generate(SdkAppId, Key, _identifier, now: IssuedAt);

    [Benchmark]
    public UserSigVerification Verify() => UserSigVerifier.Verify(_userSig, SdkAppId, _identifier, Keys, VerifiedAt);

    [Benchmark]
    public UserSigVerification VerifyPrivateMapKey() => UserSigVerifier.Verify(_privateMapKey, SdkAppId, _identifier, Keys, VerifiedAt);
}
