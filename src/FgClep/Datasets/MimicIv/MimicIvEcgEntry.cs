namespace FgClep.Datasets.MimicIv;

/// <summary>One MIMIC-IV-ECG study: a row of <c>record_list.csv</c> joined with its machine report.</summary>
/// <param name="SubjectId">The patient (<c>subject_id</c>).</param>
/// <param name="StudyId">The study (<c>study_id</c>), unique per ECG.</param>
/// <param name="FileName">The record name (<c>file_name</c>).</param>
/// <param name="EcgTime">Acquisition time as written in the file (<c>ecg_time</c>).</param>
/// <param name="Path">Record path relative to the dataset folder, without extension (<c>path</c>).</param>
/// <param name="Report">The machine report: <c>report_0</c> … <c>report_N</c> joined as described in <see cref="MimicIvEcgDataset"/>.</param>
public sealed record MimicIvEcgEntry(long SubjectId, long StudyId, string FileName, string EcgTime, string Path, string Report);
