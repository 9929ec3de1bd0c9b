
namespace FgClep.IO.Wfdb;

/// <summary>Reads a WFDB record (header + signal files) into an <see cref="EcgRecord"/>.</summary>
public static class WfdbRecordReader
{
    /// <summary>Reads the record at <paramref name="recordPath"/> (path without extension, e.g. <c>records100/00000/00001_lr</c>).</summary>
    /// <exception cref="FgClepFormatException">The header or a signal file is missing, truncated or malformed.</exception>
    public static EcgRecord Read(string recordPath) => Read(recordPath, null);

    /// <summary>Reads the record at <paramref name="recordPath"/> (path without extension) with the given options.</summary>
    /// <param name="recordPath">Record path without extension; a trailing <c>.hea</c> is accepted too.</param>
    /// <param name="options">Checksum policy; <see cref="WfdbReadOptions.Default"/> when null.</param>
    /// <exception cref="FgClepFormatException">The header or a signal file is missing, truncated or malformed.</exception>
    public static EcgRecord Read(string recordPath, WfdbReadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(recordPath);
        var headerPath = recordPath.EndsWith(".hea", StringComparison.OrdinalIgnoreCase) ? recordPath : recordPath + ".hea";
        return Read(WfdbHeaderParser.ParseFile(headerPath), options);
    }

    /// <summary>Reads the signals of an already parsed header into an <see cref="EcgRecord"/>.</summary>
    /// <remarks>
    /// Lead names are the signal descriptions as written (e.g. <c>AVR</c>; <see cref="FgClep.Preprocessing.LeadLayout"/> maps aliases);
    /// <see cref="EcgRecord.Units"/> is the signals' common unit, or a comma-separated list when they differ;
    /// <see cref="EcgRecord.Labels"/> are the <c>Dx</c> codes of a PhysioNet Challenge header; <see cref="EcgRecord.Metadata"/>
    /// holds every <c>Key: value</c> comment (lower-case keys), all comments under <c>comments</c>, and the base time/date.
    /// </remarks>
    /// <exception cref="FgClepFormatException">A signal file is missing, truncated or malformed.</exception>
    public static EcgRecord Read(WfdbHeader header, WfdbReadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(header);
        var signal = WfdbSignalReader.ReadPhysical(header, options, out _);
        var leads = new string[header.SignalCount];
        for (int s = 0; s < leads.Length; s++)
        {
            var description = header.Signals[s].Description;
            leads[s] = description.Length > 0 ? description : $"signal {s + 1}";
        }
        return new EcgRecord(header.RecordName, signal, leads, header.SamplingFrequency)
        {
            Units = CommonUnits(header.Signals),
            Labels = header.Comments.Count > 0 ? header.DiagnosisCodes : Array.Empty<string>(),
            Metadata = BuildMetadata(header),
        };
    }

    private static string CommonUnits(IReadOnlyList<WfdbSignalSpec> signals)
    {
        var first = signals[0].Units;
        for (int s = 1; s < signals.Count; s++)
            if (signals[s].Units != first) return string.Join(",", signals.Select(x => x.Units).Distinct(StringComparer.Ordinal));
        return first;
    }

    private static Dictionary<string, string> BuildMetadata(WfdbHeader header)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in header.CommentFields()) metadata.TryAdd(key.ToLowerInvariant(), value);
        if (header.Comments.Count > 0) metadata.TryAdd("comments", string.Join("\n", header.Comments));
        if (header.BaseTime is not null) metadata.TryAdd("base_time", header.BaseTime);
        if (header.BaseDate is not null) metadata.TryAdd("base_date", header.BaseDate);
        return metadata;
    }
}
