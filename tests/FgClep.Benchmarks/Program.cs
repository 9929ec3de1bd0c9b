using FgClep.Benchmarks;

// Usage: dotnet run -c Release --project tests/FgClep.Benchmarks -- <benchmark> [options]
//        dotnet run -c Release --project tests/FgClep.Benchmarks -- [--quick] [--out DIR] [--only a,b]   (the suite)
IBenchmark[] benchmarks =
{
    new OnnxEncoderBenchmark(), new OnnxVariantsBenchmark(), new TrainStepBenchmark(), new GflopsBenchmark(), new WfdbDecodeBenchmark(),
    new EnrichmentBenchmark(), new MemoryBenchmark(), new ThroughputBenchmark(), new TextTrainingBenchmark(), new TransformBenchmark(),
    new PretrainCacheBenchmark(), new PaperScaleBenchmark(), new PeerBenchmark(), new Bf16Benchmark(), new Int8OnnxBenchmark(),
};

if (args.Length > 0 && args[0] is "-h" or "--help" or "list")
{
    Console.WriteLine("FgClep benchmarks. Usage: dotnet run -c Release --project tests/FgClep.Benchmarks -- <name> [options]");
    Console.WriteLine("  or, for the suite (table + results.json): -- [--quick] [--out DIR] [--only name,name]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-11} {b.Description}");
    return 0;
}
if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
    return new BenchmarkSuite(benchmarks.Where(b => BenchmarkSuite.Members.Contains(b.Name)).ToArray()).Run(args);

if (args[0] == MemoryBenchmark.ChildName) return MemoryBenchmark.RunChild(args.Skip(1).ToArray());
if (args[0] == PeerEcgServer.ChildName) return PeerEcgServer.Run();
if (args[0] == PretrainCacheBenchmark.ChildName) return PretrainCacheBenchmark.RunChild(args.Skip(1).ToArray());
var chosen = benchmarks.FirstOrDefault(b => string.Equals(b.Name, args[0], StringComparison.OrdinalIgnoreCase));
if (chosen is null)
{
    Console.Error.WriteLine($"Unknown benchmark '{args[0]}'. Known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}
var results = chosen.Run(args.Skip(1).ToArray());
return results.Any(r => r.GoalMet == false) ? 1 : 0;
