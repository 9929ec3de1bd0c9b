namespace FgClep.Modeling.Ecg;

/// <summary>How many residual blocks each of the four stages has, and which block type, for a given depth.</summary>
internal static class ResNet1dBlockLayout
{
    public static (bool Bottleneck, int[] BlocksPerStage) For(int depth) => depth switch
    {
        18 => (false, [2, 2, 2, 2]),
        34 => (false, [3, 4, 6, 3]),
        50 => (true, [3, 4, 6, 3]),
        101 => (true, [3, 4, 23, 3]),
        152 => (true, [3, 8, 36, 3]),
        _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "ResNet depth must be 18, 34, 50, 101 or 152."),
    };
}
