using FgClep.Datasets.Challenge;
using FgClep.IO;
using FgClep.IO.Wfdb;
using FgClep.Tests.TestSupport;

namespace FgClep.Tests.IO;

/// <summary>Recursive record search through folders with symbolic links: each real folder once, never outside the root.</summary>
[TestClass]
public sealed class SymlinkedRecordSearchTests
{
    private static string WriteHeaders(string folder, params string[] names)
    {
        Directory.CreateDirectory(folder);
        foreach (var name in names)
            File.WriteAllText(Path.Combine(folder, name + ".hea"), $"{name} 1 500 10\n{name}.dat 16 1000/mV 16 0 0 0 0 I\n");
        return folder;
    }

    [TestMethod]
    public void WfdbSearchDoesNotRepeatRecordsThroughASelfLink()
    {
        var root = WriteHeaders(DataTestFiles.NewDirectory(), "r1", "r2");
        WriteHeaders(Path.Combine(root, "sub"), "r3", "r4");
        Directory.CreateSymbolicLink(Path.Combine(root, "self"), ".");
        Directory.CreateSymbolicLink(Path.Combine(root, "sub", "again"), "../sub");

        var records = WfdbRecordFormat.Instance.FindRecords(root).Select(p => Path.GetRelativePath(root, p)).ToArray();

        CollectionAssert.AreEqual(new[] { "r1", "r2", Path.Combine("sub", "r3"), Path.Combine("sub", "r4") }, records);
    }

    [TestMethod]
    public void ChallengeSearchDoesNotLeaveTheRootThroughAnUpLink()
    {
        var parent = WriteHeaders(DataTestFiles.NewDirectory(), "OUTSIDE");
        var root = WriteHeaders(Path.Combine(parent, "data"), "A0001", "A0002");
        Directory.CreateSymbolicLink(Path.Combine(root, "up"), "..");

        var dataset = new PhysioNetChallengeDataset(root, null, null, 42, 0.7, 0.1, _ => throw new AssertFailedException("not read"));

        CollectionAssert.AreEqual(new[] { Path.Combine(root, "A0001"), Path.Combine(root, "A0002") }, dataset.RecordPaths.ToArray());
    }

    [TestMethod]
    public void LinkedFolderInsideTheRootIsSearchedOnceAndLinksOutsideAreSkipped()
    {
        var parent = DataTestFiles.NewDirectory();
        var outside = WriteHeaders(Path.Combine(parent, "elsewhere"), "far");
        var root = Path.Combine(parent, "root");
        var real = WriteHeaders(Path.Combine(root, "real"), "near");
        Directory.CreateSymbolicLink(Path.Combine(root, "alias"), real);
        Directory.CreateSymbolicLink(Path.Combine(root, "away"), outside);
        File.CreateSymbolicLink(Path.Combine(root, "linked.hea"), Path.Combine(outside, "far.hea"));

        var found = ContainedFileSearch.Find(root, "*.hea").Select(p => Path.GetRelativePath(root, p)).ToArray();

        Assert.HasCount(1, found, string.Join(", ", found));
        Assert.IsTrue(found[0] is "real/near.hea" or "alias/near.hea", found[0]);
    }
}
