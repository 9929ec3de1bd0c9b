using System.CommandLine;
using FgClep.Enrichment.Proposers;
using FgClep.IO;
using FgClep.LlamaSharp;
using FgClep.Cli.Infrastructure;

namespace FgClep.Cli.Commands;

/// <summary><c>fgclep enrich gguf --model PATH</c>: proposals from a local GGUF model through llama.cpp (LLamaSharp, CPU).</summary>
internal sealed class EnrichGgufCommand : EnrichCommand
{
    private readonly Option<string> _model = new("--model") { Description = "A local GGUF model, e.g. Meta-Llama-3-8B-Instruct.Q4_K_M.gguf.", Required = true, HelpName = "FILE" };
    private readonly Option<int> _context = new("--context") { Description = "Context size in tokens.", DefaultValueFactory = _ => 4096 };
    private readonly Option<int?> _threads = new("--threads") { Description = "CPU threads for llama.cpp (default: its own choice).", HelpName = "N" };
    private readonly Option<int> _maxTokens = new("--max-tokens") { Description = "Longest answer in tokens.", DefaultValueFactory = _ => 512 };

    public EnrichGgufCommand() : base("gguf", "Propose waveform features with a local GGUF language model (llama.cpp on the CPU), verify them with the stage-1 model, write fine-grained reports.",
        "fgclep enrich gguf --model models/Meta-Llama-3-8B-Instruct.Q4_K_M.gguf --synthetic 2000 --clep runs/clep/model.fgclep --out runs/enrich-llama --concurrency 1")
    {
        Add(_model, _context, _threads, _maxTokens);
        _context.Whole(1);
        _threads.Whole(1);
        _maxTokens.Whole(1);
    }

    protected override IWaveformFeatureProposer CreateProposer(ParseResult result, CliOutput output)
    {
        string path = result.GetValue(_model)!;
        if (!File.Exists(path))
            throw new CliUsageException($"--model '{path}' does not exist", "Download an instruction-tuned GGUF model (e.g. Phi-3-mini-4k-instruct-q4.gguf) and give its path");
        RegularFile.Check(path);
        if (result.GetValue(_context) < 64) throw new CliUsageException("--context must be at least 64", "e.g. --context 4096");
        if (result.GetValue(_maxTokens) < 1) throw new CliUsageException("--max-tokens must be at least 1", "e.g. --max-tokens 512");
        try
        {
            return new LlamaSharpProposer(new LlamaSharpProposerOptions
            {
                ModelPath = path,
                ContextSize = (uint)result.GetValue(_context),
                Threads = result.GetValue(_threads),
                MaxTokens = result.GetValue(_maxTokens),
            });
        }
        catch (InvalidDataException e)
        {
            throw new CliUsageException(e.Message, "Give a GGUF model file that llama.cpp can load");
        }
    }
}
