namespace FgClep.Benchmarks;

/// <summary>One named benchmark, selected by the first command-line argument.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    /// <summary>Runs with the remaining arguments; returns the process exit code.</summary>
    int Run(IReadOnlyList<string> args);
}
