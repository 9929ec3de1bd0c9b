Console.WriteLine("FgClep benchmarks");
