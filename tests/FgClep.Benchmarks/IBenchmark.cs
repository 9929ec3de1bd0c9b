namespace FgClep.Benchmarks;

/// <summary>One named benchmark, selected by the first command-line argument or run by the suite.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    /// <summary>
    /// Runs with the remaining arguments (<c>--quick</c> asks for a short run) and returns its result rows; a single
    /// benchmark run exits 1 when a row misses its goal.
    /// </summary>
    IReadOnlyList<BenchmarkResult> Run(IReadOnlyList<string> args);
}
