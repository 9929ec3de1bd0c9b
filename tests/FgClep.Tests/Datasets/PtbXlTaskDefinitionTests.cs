using System.Globalization;
using FgClep.Datasets.PtbXl;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.Datasets;

/// <summary>A PTB-XL task's classes, labels, prompts and record sets come from one definition, and the loader agrees with it.</summary>
[TestClass]
public sealed class PtbXlTaskDefinitionTests
{
    [TestMethod]
    [DataRow(PtbXlTask.Super, "super", 5)]
    [DataRow(PtbXlTask.Form, "form", 19)]
    public void ADefinitionHoldsTheTasksClassesPromptsAndRecords(PtbXlTask task, string name, int classes)
    {
        var db = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        var merl = SharedData.RequireDirectory("data/merl_splits/ptbxl");
        var definition = PtbXlTaskDefinition.Create(db, task, merl);

        Assert.AreEqual(name, definition.Name);
        Assert.HasCount(classes, definition.ClassNames);
        CollectionAssert.AreEqual(definition.ClassNames.ToArray(), definition.Prompts().Select(p => p.Name).ToArray());
        Assert.IsTrue(definition.Prompts().All(p => p.Prompts.Count > 0 && p.Prompts.All(s => s.Length > 0)));
        Assert.HasCount(PtbXlTaskRecords.FromMerlSplits(db, task, merl).Test.Count, definition.Records.Test);
        var byId = db.Entries.ToDictionary(e => e.EcgId);
        Assert.IsTrue(definition.Records.Train.All(id => definition.Labels(byId[id]).Count > 0));

        // The loader, given the definition's options, reads exactly the definition's test records with its labels.
        var source = db.Records(definition.LoadOptions(PtbXlLoadOptions.TestFolds));
        var read = source.GetRecords().ToList();
        CollectionAssert.AreEquivalent(definition.Records.Test.ToArray(), read.Select(r => int.Parse(r.RecordId, CultureInfo.InvariantCulture)).ToArray());
        foreach (var record in read.Take(20))
            CollectionAssert.AreEqual(definition.Labels(byId[int.Parse(record.RecordId, CultureInfo.InvariantCulture)]).ToArray(), record.Labels.ToArray());

        // The definition's own source, from the record sets it holds, reads the same records.
        CollectionAssert.AreEqual(read.Select(r => r.RecordId).ToArray(),
            definition.ReadRecords(PtbXlLoadOptions.TestFolds).GetRecords().Select(r => r.RecordId).ToArray());
    }

    [TestMethod]
    public void WithoutMerlSplitsTheOfficialFoldsAreUsed()
    {
        var db = PtbXlDatabase.Load(SharedData.RequireDirectory("data/ptbxl"));
        var definition = PtbXlTaskDefinition.Create(db, PtbXlTask.Rhythm);
        var folds = PtbXlTaskRecords.FromFolds(db, PtbXlTask.Rhythm);
        Assert.AreEqual((folds.Train.Count, folds.Validation.Count, folds.Test.Count),
            (definition.Records.Train.Count, definition.Records.Validation.Count, definition.Records.Test.Count));
        CollectionAssert.AreEqual(new[] { PtbXlTask.Super, PtbXlTask.Sub, PtbXlTask.Form, PtbXlTask.Rhythm }, PtbXlTaskDefinition.All.ToArray());

        // Record sets of another task are refused rather than read as this one's.
        var error = Assert.ThrowsExactly<ArgumentException>(() => new PtbXlRecordSource(db, new PtbXlLoadOptions { Task = PtbXlTask.Super },
            DataTestFiles.FakeReader(new List<string>()), taskRecords: definition.Records));
        StringAssert.Contains(error.Message, "task Rhythm");
    }
}
