Console.WriteLine("FgClep quickstart");
