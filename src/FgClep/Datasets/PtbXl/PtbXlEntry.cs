namespace FgClep.Datasets.PtbXl;

/// <summary>One row of PTB-XL's <c>ptbxl_database.csv</c> (the metadata of one recording; the signal is read separately).</summary>
public sealed class PtbXlEntry
{
    /// <summary>The recording id (<c>ecg_id</c>).</summary>
    public required int EcgId { get; init; }

    /// <summary>The patient id, or null when missing.</summary>
    public int? PatientId { get; init; }

    /// <summary>Age in years, or null when missing.</summary>
    public double? Age { get; init; }

    /// <summary>Sex as coded by PTB-XL (0 = male, 1 = female), or null when missing.</summary>
    public int? Sex { get; init; }

    /// <summary>Free-text report (German, English or Swedish), empty when missing.</summary>
    public string Report { get; init; } = "";

    /// <summary>SCP codes with their likelihoods in percent (0 where no likelihood was stated).</summary>
    public IReadOnlyDictionary<string, double> ScpCodes { get; init; } = new Dictionary<string, double>();

    /// <summary>Stratified fold 1–10 (1–8 train, 9 validation, 10 test).</summary>
    public required int StratFold { get; init; }

    /// <summary>Record path of the 100 Hz version, relative to the dataset folder, without extension.</summary>
    public required string FilenameLr { get; init; }

    /// <summary>Record path of the 500 Hz version, relative to the dataset folder, without extension.</summary>
    public required string FilenameHr { get; init; }

    /// <summary>Whether a cardiologist validated the labels.</summary>
    public bool ValidatedByHuman { get; init; }

    /// <summary>The split of <see cref="StratFold"/>: <c>train</c>, <c>validation</c> or <c>test</c>.</summary>
    public string Split => PtbXlDatabase.SplitOfFold(StratFold);

    /// <summary>Every column of the row, raw text by column name.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}
