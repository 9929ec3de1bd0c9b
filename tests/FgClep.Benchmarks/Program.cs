using FgClep.Benchmarks;

// Usage: dotnet run -c Release --project tests/FgClep.Benchmarks -- <benchmark> [options]
IBenchmark[] benchmarks = { new WfdbDecodeBenchmark(), new TrainStepBenchmark(), new ThroughputBenchmark(), new OnnxEncoderBenchmark() };

if (args.Length == 0 || args[0] is "-h" or "--help" or "list")
{
    Console.WriteLine("FgClep benchmarks. Usage: dotnet run -c Release --project tests/FgClep.Benchmarks -- <name> [options]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-10} {b.Description}");
    return args.Length == 0 ? 2 : 0;
}
var chosen = benchmarks.FirstOrDefault(b => string.Equals(b.Name, args[0], StringComparison.OrdinalIgnoreCase));
if (chosen is null)
{
    Console.Error.WriteLine($"Unknown benchmark '{args[0]}'. Known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}
return chosen.Run(args.Skip(1).ToArray());
