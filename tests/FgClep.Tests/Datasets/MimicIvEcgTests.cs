using FgClep.Datasets.MimicIv;
using FgClep.IO;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Datasets;

[TestClass]
public sealed class MimicIvEcgTests
{
    private const string RecordList =
        "subject_id,study_id,file_name,ecg_time,path\n" +
        "10000032,40689238,40689238,2180-07-23 08:44:00,files/p1000/p10000032/s40689238/40689238\n" +
        "10000032,44458630,44458630,2180-07-23 09:54:00,files/p1000/p10000032/s44458630/44458630\n" +
        "10000117,45090959,45090959,2181-03-04 17:14:00,files/p1000/p10000117/s45090959/45090959\n" +
        "10000118,49999999,49999999,2181-03-05 10:00:00,files/p1000/p10000118/s49999999/49999999\n";

    private static string Header(int reports)
        => "subject_id,study_id,cart_id,ecg_time," + string.Join(",", Enumerable.Range(0, reports).Select(i => $"report_{i}")) + ",bandwidth,rr_interval\n";

    private static string WriteDataset(string measurements)
    {
        var dir = DataTestFiles.NewDirectory();
        File.WriteAllText(Path.Combine(dir, MimicIvEcgDataset.RecordListFileName), RecordList);
        File.WriteAllText(Path.Combine(dir, MimicIvEcgDataset.MeasurementsFileName), measurements);
        return dir;
    }

    // Three report columns written out of numeric order, to show they are taken by name; 4999... has no measurements row.
    private static readonly string Measurements =
        "subject_id,study_id,cart_id,ecg_time,report_2,report_0,report_1,bandwidth,rr_interval\n" +
        "10000032,40689238,6848296,2180-07-23 08:44:00,,Sinus rhythm,\"Possible left atrial enlargement, borderline.\",0.005-150 Hz,659\n" +
        "10000032,44458630,6848296,2180-07-23 09:54:00,Borderline ECG,  Sinus rhythm. ,nan,0.005-150 Hz,722\n" +
        "10000117,45090959,6848296,2181-03-04 17:14:00,,,,0.005-150 Hz,600\n";

    [TestMethod]
    public void JoinsReportsInOrderSkippingEmptyAndNaN()
    {
        var dataset = new MimicIvEcgDataset(WriteDataset(Measurements), null, DataTestFiles.FakeReader(new List<string>()));
        var entries = dataset.GetEntries().ToList();
        Assert.HasCount(4, entries);
        Assert.AreEqual("Sinus rhythm. Possible left atrial enlargement, borderline", entries[0].Report);
        Assert.AreEqual("Sinus rhythm. Borderline ECG", entries[1].Report);
        Assert.AreEqual("", entries[2].Report);
        Assert.AreEqual("", entries[3].Report);
        Assert.AreEqual(10000032L, entries[0].SubjectId);
        Assert.AreEqual(40689238L, entries[0].StudyId);
        Assert.AreEqual("2180-07-23 08:44:00", entries[0].EcgTime);
        Assert.AreEqual("files/p1000/p10000032/s40689238/40689238", entries[0].Path);
        Assert.IsNull(dataset.Count);
    }

    [TestMethod]
    public void JoinsByStudyIdWhenTheFilesDisagreeInOrder()
    {
        var lines = Measurements.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var shuffled = string.Join("\n", new[] { lines[0], lines[3], lines[2], lines[1] }) + "\n";
        var entries = new MimicIvEcgDataset(WriteDataset(shuffled), null, DataTestFiles.FakeReader(new List<string>())).GetEntries().ToList();
        Assert.AreEqual("Sinus rhythm. Possible left atrial enlargement, borderline", entries[0].Report);
        Assert.AreEqual("Sinus rhythm. Borderline ECG", entries[1].Report);
    }

    [TestMethod]
    public void RecordsCarryReportIdAndMetadataAndStream()
    {
        var log = new List<string>();
        var dir = WriteDataset(Measurements);
        var dataset = new MimicIvEcgDataset(dir, maxRecords: 2, DataTestFiles.FakeReader(log));
        var records = dataset.GetRecords().ToList();
        Assert.HasCount(2, records);
        Assert.HasCount(2, log);
        Assert.AreEqual(Path.Combine(dir, "files/p1000/p10000032/s40689238/40689238"), log[0]);
        Assert.AreEqual("40689238", records[0].RecordId);
        Assert.AreEqual("Sinus rhythm. Borderline ECG", records[1].Report);
        Assert.AreEqual("10000032", records[1].Metadata["subject_id"]);

        log.Clear();
        _ = new MimicIvEcgDataset(dir, null, DataTestFiles.FakeReader(log)).GetRecords().Take(1).ToList();
        Assert.HasCount(1, log);
    }

    [TestMethod]
    public void MissingFolderOrFileIsNamed()
    {
        StringAssert.Contains(Assert.ThrowsExactly<DirectoryNotFoundException>(() => new MimicIvEcgDataset("/no/such/mimic")).Message, "/no/such/mimic");
        var dir = DataTestFiles.NewDirectory();
        File.WriteAllText(Path.Combine(dir, MimicIvEcgDataset.RecordListFileName), RecordList);
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => new MimicIvEcgDataset(dir)).Message, MimicIvEcgDataset.MeasurementsFileName);
    }

    [TestMethod]
    public void MalformedStudyIdNamesFileAndLine()
    {
        var dir = WriteDataset(Header(1) + "1,notanumber,2,t,x,b,r\n");
        var ex = Assert.ThrowsExactly<FgClepFormatException>(() => new MimicIvEcgDataset(dir, null, DataTestFiles.FakeReader(new List<string>())).GetEntries().ToList());
        StringAssert.EndsWith(ex.FilePath, MimicIvEcgDataset.MeasurementsFileName);
        Assert.AreEqual("line 2", ex.Location);
        StringAssert.Contains(ex.Message, "notanumber");
    }
}
