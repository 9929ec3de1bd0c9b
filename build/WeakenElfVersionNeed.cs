// Marks one GNU version-need entry of ELF64 shared libraries as weak (VER_FLG_WEAK) so that the dynamic
// loader accepts the library when the system lacks that symbol version. Used for TorchSharp's
// libLibTorchSharp.so, which declares GLIBCXX_3.4.32 for std::ios_base_library_init, a symbol it never calls.
// Compiled by MSBuild's RoslynCodeTaskFactory from Directory.Build.targets; keep it dependency-free.
using System;
using System.IO;
using System.Text;
#if !FGCLEP_ELF_PATCHER_ONLY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenElfVersionNeed : Task
{

    /// <summary>The shared libraries to patch in place.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version name whose need entry becomes weak, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var result = ElfVersionNeedPatcher.Patch(path, VersionName);
                Log.LogMessage(result == ElfVersionNeedPatcher.PatchResult.Patched ? MessageImportance.High : MessageImportance.Low,
                    "FgClep native fix-up: {0}: {1} ({2})", path, Describe(result), VersionName);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogWarning("FgClep native fix-up: could not patch {0}: {1}", path, ex.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static string Describe(ElfVersionNeedPatcher.PatchResult r) => r switch
    {
        ElfVersionNeedPatcher.PatchResult.Patched => "version need marked weak",
        ElfVersionNeedPatcher.PatchResult.AlreadyWeak => "already weak, nothing to do",
        ElfVersionNeedPatcher.PatchResult.EntryAbsent => "no such version need, nothing to do",
        _ => "not a 64-bit little-endian ELF file, skipped",
    };
}
#endif

/// <summary>Finds a GNU version-need entry by name in an ELF64 little-endian file and sets VER_FLG_WEAK on it.</summary>
public static class ElfVersionNeedPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    public enum PatchResult { NotElf, EntryAbsent, AlreadyWeak, Patched }

    /// <summary>Patches <paramref name="path"/> in place; idempotent.</summary>
    public static PatchResult Patch(string path, string versionName)
    {
        byte[] data = File.ReadAllBytes(path);
        if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F'
            || data[4] != 2 /* ELFCLASS64 */ || data[5] != 1 /* little endian */)
            return PatchResult.NotElf;

        ulong shoff = U64(data, 0x28);
        int shentsize = U16(data, 0x3A);
        int shnum = U16(data, 0x3C);
        if (shoff == 0 || shentsize < 64 || shoff + (ulong)shentsize * (ulong)shnum > (ulong)data.Length)
            return PatchResult.NotElf;

        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)shoff + s * shentsize);
            if (U32(data, sh + 4) != ShtGnuVerneed) continue;
            int secOff = checked((int)U64(data, sh + 0x18));
            int link = (int)U32(data, sh + 0x28);
            int strSh = checked((int)shoff + link * shentsize);
            int strOff = checked((int)U64(data, strSh + 0x18));
            int strSize = checked((int)U64(data, strSh + 0x20));

            int need = secOff;
            while (true)
            {
                int cnt = U16(data, need + 2);
                int aux = need + (int)U32(data, need + 8);
                for (int a = 0; a < cnt; a++)
                {
                    int nameOff = (int)U32(data, aux + 8);
                    if (nameOff < strSize && ReadCString(data, strOff + nameOff) == versionName)
                    {
                        ushort flags = (ushort)U16(data, aux + 4);
                        if ((flags & VerFlagWeak) != 0) return PatchResult.AlreadyWeak;
                        flags |= VerFlagWeak;
                        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write))
                        {
                            fs.Position = aux + 4;
                            fs.WriteByte((byte)(flags & 0xff));
                            fs.WriteByte((byte)(flags >> 8));
                        }
                        return PatchResult.Patched;
                    }
                    uint nextAux = U32(data, aux + 12);
                    if (nextAux == 0) break;
                    aux += (int)nextAux;
                }
                uint next = U32(data, need + 12);
                if (next == 0) break;
                need += (int)next;
            }
        }
        return PatchResult.EntryAbsent;
    }

    private static int U16(byte[] d, int o) => d[o] | (d[o + 1] << 8);
    private static uint U32(byte[] d, int o) => (uint)(d[o] | (d[o + 1] << 8) | (d[o + 2] << 16) | (d[o + 3] << 24));
    private static ulong U64(byte[] d, int o) => U32(d, o) | ((ulong)U32(d, o + 4) << 32);

    private static string ReadCString(byte[] d, int o)
    {
        int end = o;
        while (end < d.Length && d[end] != 0) end++;
        return Encoding.ASCII.GetString(d, o, end - o);
    }
}
