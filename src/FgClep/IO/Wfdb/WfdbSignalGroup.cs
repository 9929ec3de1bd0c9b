
namespace FgClep.IO.Wfdb;

/// <summary>Consecutive signals stored interleaved in one signal file.</summary>
internal sealed record WfdbSignalGroup(string FileName, int First, int Count, int Format, long ByteOffset)
{
    /// <summary>The signal file's path beside the header.</summary>
    /// <exception cref="FgClepFormatException">The name is absolute, or it (or a link on the way) leads outside the header's folder.</exception>
    public string PathIn(WfdbHeader header)
    {
        var folder = Path.GetDirectoryName(header.SourcePath) ?? "";
        FgClepFormatException Outside(string problem) => new(header.SourcePath, $"line {header.Signals[First].LineNumber}",
            $"signal file '{FileName}' {problem}; signal files must lie in the record's folder '{(folder.Length > 0 ? folder : ".")}'");
        if (Path.IsPathRooted(FileName)) throw Outside("is an absolute path");
        var path = Path.Combine(folder, FileName);
        var plainName = FileName.IndexOfAny(['/', '\\']) < 0 && FileName is not ("." or "..");
        if (plainName && new FileInfo(path).LinkTarget is null) return path;
        var (real, realFolder) = (RealPath.Resolve(path), RealPath.Resolve(folder.Length > 0 ? folder : "."));
        if (real == realFolder || !RealPath.IsInsideResolved(real, realFolder))
            throw Outside($"resolves to '{real}', outside that folder");
        return path;
    }

    /// <summary>Groups the header's signals by file, checking what this reader supports.</summary>
    /// <exception cref="FgClepFormatException">Unsupported format or frame layout, or a file's signals are not consecutive.</exception>
    public static IReadOnlyList<WfdbSignalGroup> Build(WfdbHeader header)
    {
        var groups = new List<WfdbSignalGroup>();
        for (int s = 0; s < header.SignalCount; s++)
        {
            var spec = header.Signals[s];
            FgClepFormatException Error(string problem) => new(header.SourcePath, $"line {spec.LineNumber}", problem);
            if (!WfdbFormats.IsSupported(spec.Format))
                throw Error($"signal format {spec.Format} is not supported (supported: {string.Join(", ", WfdbFormats.Supported)})");
            if (spec.SamplesPerFrame != 1)
                throw Error($"{spec.SamplesPerFrame} samples per frame ('x' after the format) is not supported; only 1 is");
            float gain = (float)spec.Gain;
            if (!float.IsNormal(gain))
                throw Error($"expected an ADC gain whose magnitude is between 1e-38 and 3e38, found {spec.Gain}");
            if (spec.FileName == "-")
                throw Error("signals on standard input ('-') are not supported");
            if (groups.Count > 0 && groups[^1].FileName == spec.FileName)
            {
                var g = groups[^1];
                if (spec.Format != g.Format)
                    throw Error($"signals sharing '{spec.FileName}' must have one format: expected {g.Format}, found {spec.Format}");
                if (spec.ByteOffset != g.ByteOffset)
                    throw Error($"signals sharing '{spec.FileName}' must have one byte offset: expected {g.ByteOffset}, found {spec.ByteOffset}");
                groups[^1] = g with { Count = g.Count + 1 };
                continue;
            }
            if (groups.Exists(g => g.FileName == spec.FileName))
                throw Error($"signals stored in '{spec.FileName}' must be on consecutive lines");
            groups.Add(new WfdbSignalGroup(spec.FileName, s, 1, spec.Format, spec.ByteOffset));
        }
        return groups;
    }
}
