using Parley.Sfu.Quality;

namespace Parley.Sfu.Tests.Quality;

public sealed class NetworkQualityTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Nothing_measured_is_unknown()
    {
        Assert.Equal(NetworkQualityLevel.Unknown, NetworkQuality.Rate(null, null, null));
        Assert.Equal(0, (int)NetworkQualityLevel.Unknown);
    }

    [Theory]
    [InlineData(0.00, NetworkQualityLevel.Excellent)]
    [InlineData(0.02, NetworkQualityLevel.Excellent)]
    [InlineData(0.021, NetworkQualityLevel.Good)]
    [InlineData(0.05, NetworkQualityLevel.Good)]
    [InlineData(0.08, NetworkQualityLevel.Poor)]
    [InlineData(0.10, NetworkQualityLevel.Poor)]
    [InlineData(0.15, NetworkQualityLevel.Bad)]
    [InlineData(0.20, NetworkQualityLevel.Bad)]
    [InlineData(0.21, NetworkQualityLevel.VeryBad)]
    [InlineData(1.00, NetworkQualityLevel.VeryBad)]
    public void Loss_alone_is_graded_by_its_thresholds(double loss, NetworkQualityLevel expected) =>
        Assert.Equal(expected, NetworkQuality.Rate(loss, null, null));

    [Theory]
    [InlineData(20, NetworkQualityLevel.Excellent)]
    [InlineData(150, NetworkQualityLevel.Excellent)]
    [InlineData(151, NetworkQualityLevel.Good)]
    [InlineData(300, NetworkQualityLevel.Good)]
    [InlineData(500, NetworkQualityLevel.Poor)]
    [InlineData(1000, NetworkQualityLevel.Bad)]
    [InlineData(1001, NetworkQualityLevel.VeryBad)]
    public void Rtt_alone_is_graded_by_its_thresholds(double rttMs, NetworkQualityLevel expected) =>
        Assert.Equal(expected, NetworkQuality.Rate(null, Ms(rttMs), null));

    [Theory]
    [InlineData(5, NetworkQualityLevel.Excellent)]
    [InlineData(30, NetworkQualityLevel.Excellent)]
    [InlineData(50, NetworkQualityLevel.Good)]
    [InlineData(100, NetworkQualityLevel.Poor)]
    [InlineData(200, NetworkQualityLevel.Bad)]
    [InlineData(201, NetworkQualityLevel.VeryBad)]
    public void Jitter_alone_is_graded_by_its_thresholds(double jitterMs, NetworkQualityLevel expected) =>
        Assert.Equal(expected, NetworkQuality.Rate(null, null, Ms(jitterMs)));

    [Fact]
    public void The_worst_measure_decides()
    {
        Assert.Equal(NetworkQualityLevel.Poor, NetworkQuality.Rate(0.0, Ms(400), Ms(10)));
        Assert.Equal(NetworkQualityLevel.Bad, NetworkQuality.Rate(0.15, Ms(20), Ms(10)));
        Assert.Equal(NetworkQualityLevel.Excellent, NetworkQuality.Rate(0.01, Ms(40), Ms(5)));
    }

    [Fact]
    public void The_rr_fraction_lost_is_a_fraction_of_256()
    {
        Assert.Equal(0.25, NetworkQuality.FromFractionLost(64));
        Assert.Equal(NetworkQualityLevel.VeryBad, NetworkQuality.Rate(NetworkQuality.FromFractionLost(64), null, null));
    }
}
