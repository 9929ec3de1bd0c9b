using FgClep.IO;
using FgClep.IO.Wfdb;

namespace FgClep.Datasets.Challenge;

/// <summary>
/// A folder of PhysioNet/CinC Challenge 2020/2021 records (CPSC2018, Chapman-Shaoxing, Ningbo, Georgia, ...): one
/// <c>.hea</c> header per record, signals read by <see cref="WfdbRecordReader"/>, labels from the header's <c>#Dx:</c> SNOMED-CT codes.
/// Records are split train/validation/test (default 70/10/20) by a seeded hash of the record id, so the split is fixed for a seed.
/// </summary>
public sealed class PhysioNetChallengeDataset : IEcgRecordSource
{
    private readonly Func<string, EcgRecord> _readRecord;
    private readonly IReadOnlyList<(string RecordPath, string RecordId, string Split)> _records;

    /// <summary>Indexes the headers under <paramref name="directory"/> (recursively, each real folder once, never leaving it; ordered by relative path).</summary>
    /// <param name="directory">The folder holding the <c>.hea</c> files (and their signal files).</param>
    /// <param name="labelMap">Maps <c>#Dx</c> codes to class names; null to use the raw codes as labels.</param>
    /// <param name="split">Only this split (<c>train</c>, <c>validation</c>, <c>test</c>); null for all records.</param>
    /// <param name="seed">Seed of the split.</param>
    /// <param name="trainFraction">Fraction of records in train.</param>
    /// <param name="validationFraction">Fraction of records in validation; the rest is test.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public PhysioNetChallengeDataset(string directory, SnomedLabelMap? labelMap = null, string? split = null,
        int seed = 42, double trainFraction = 0.7, double validationFraction = 0.1)
        : this(directory, labelMap, split, seed, trainFraction, validationFraction, WfdbRecordReader.Read)
    {
    }

    internal PhysioNetChallengeDataset(string directory, SnomedLabelMap? labelMap, string? split,
        int seed, double trainFraction, double validationFraction, Func<string, EcgRecord> readRecord)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"PhysioNet Challenge folder '{directory}' was not found.");
        if (split is not null && split is not ("train" or "validation" or "test"))
            throw new ArgumentException($"Unknown split '{split}'; expected train, validation or test.", nameof(split));
        Directory = directory;
        LabelMap = labelMap;
        _readRecord = readRecord;

        var headers = ContainedFileSearch.Find(directory, "*.hea")
            .Select(p => (Path: p[..^4], Id: Path.GetFileNameWithoutExtension(p)))
            .OrderBy(r => Path.GetRelativePath(directory, r.Path), StringComparer.Ordinal)
            .ToList();
        var duplicate = headers.GroupBy(h => h.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Record name '{duplicate.Key}' occurs twice under '{directory}': {string.Join(", ", duplicate.Select(d => d.Path))}.");
        var splits = PhysioNetChallengeSplit.Assign(headers.Select(h => h.Id).ToArray(), seed, trainFraction, validationFraction);
        _records = headers.Select(h => (h.Path, h.Id, splits[h.Id])).Where(r => split is null || r.Item3 == split).ToArray();
    }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>The label map, or null when labels are raw SNOMED-CT codes.</summary>
    public SnomedLabelMap? LabelMap { get; }

    /// <summary>Record paths (without extension) selected, in order.</summary>
    public IReadOnlyList<string> RecordPaths => _records.Select(r => r.RecordPath).ToArray();

    /// <summary>The number of records selected.</summary>
    public long? Count => _records.Count;

    /// <summary>Reads the selected records one by one, with labels, split and header comments (as metadata) attached.</summary>
    /// <exception cref="FgClepFormatException">A header or signal file is malformed.</exception>
    public IEnumerable<EcgRecord> GetRecords()
    {
        foreach (var (path, id, split) in _records)
        {
            // The WFDB reader parses the header's comments once: the #Dx codes are the record's labels, and every
            // "Key: value" comment is in its metadata (keys compared case-insensitively).
            var record = _readRecord(path);
            var codes = record.Labels;
            yield return new EcgRecord(id, record.Signal, record.LeadNames, record.SamplingRate)
            {
                Report = record.Report,
                Labels = LabelMap?.Map(codes) ?? codes,
                WaveformFeatures = record.WaveformFeatures,
                Split = split,
                Units = record.Units,
                Metadata = new Dictionary<string, string>(record.Metadata, StringComparer.OrdinalIgnoreCase),
            };
        }
    }
}
