using FgClep.IO;

namespace FgClep.Tests.Build;

/// <summary>The build task that marks GLIBCXX_3.4.32 weak, tested on the real TorchSharp native library.</summary>
[TestClass]
public sealed class ElfVersionNeedPatchTests
{
    private static string? FindPackagedNative()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var dir = Path.Combine(root, "torchsharp");
        if (!Directory.Exists(dir)) return null;
        return ContainedFileSearch.Find(dir, "libLibTorchSharp.so").FirstOrDefault();
    }

    [TestMethod]
    public void PatchMarksEntryWeakOnceAndIsIdempotent()
    {
        var source = FindPackagedNative();
        if (source is null) { Assert.Inconclusive("TorchSharp package folder with libLibTorchSharp.so not found in the NuGet cache."); return; }
        var copy = Path.Combine(Path.GetTempPath(), $"fgclep-elf-{Guid.NewGuid():N}.so");
        File.Copy(source, copy);
        try
        {
            var original = File.ReadAllBytes(copy);
            var first = ElfVersionNeedPatcher.Patch(copy, "GLIBCXX_3.4.32");
            // The package copy is unpatched, so the first call must patch.
            Assert.AreEqual(ElfVersionNeedPatcher.PatchResult.Patched, first);
            Assert.AreEqual(ElfVersionNeedPatcher.PatchResult.AlreadyWeak, ElfVersionNeedPatcher.Patch(copy, "GLIBCXX_3.4.32"));
            var patched = File.ReadAllBytes(copy);
            Assert.HasCount(original.Length, patched);
            var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
            Assert.HasCount(1, differing, "exactly one byte (the flags field) should change");
            Assert.AreEqual(ElfVersionNeedPatcher.PatchResult.EntryAbsent, ElfVersionNeedPatcher.Patch(copy, "GLIBCXX_9.9.99"));
        }
        finally { File.Delete(copy); }
    }

    [TestMethod]
    public void NonElfFileIsLeftAlone()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not an ELF file at all, just text that is long enough to be more than sixty-four bytes");
            var before = File.ReadAllBytes(path);
            Assert.AreEqual(ElfVersionNeedPatcher.PatchResult.NotElf, ElfVersionNeedPatcher.Patch(path, "GLIBCXX_3.4.32"));
            CollectionAssert.AreEqual(before, File.ReadAllBytes(path));
        }
        finally { File.Delete(path); }
    }
}
