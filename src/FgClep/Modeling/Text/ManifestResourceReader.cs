using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using FgClep.IO;

namespace FgClep.Modeling.Text;

/// <summary>
/// Reads the embedded manifest resources of a .NET assembly file with <see cref="PEReader"/>, without loading the assembly
/// (nothing in it runs, and its target framework does not matter).
/// </summary>
internal sealed class ManifestResourceReader : IDisposable
{
    private readonly string _path;
    private readonly PEReader _pe;
    private readonly MetadataReader _metadata;

    /// <exception cref="FileNotFoundException">No file at <paramref name="assemblyPath"/>.</exception>
    /// <exception cref="FgClepFormatException">The file is not a .NET assembly.</exception>
    public ManifestResourceReader(string assemblyPath)
    {
        if (!File.Exists(assemblyPath)) throw new FileNotFoundException($"Assembly '{assemblyPath}' does not exist.", assemblyPath);
        _path = assemblyPath;
        _pe = new PEReader(File.OpenRead(assemblyPath));
        try
        {
            if (!_pe.HasMetadata) throw new FgClepFormatException(assemblyPath, null, "expected a .NET assembly (a PE file with CLI metadata); found no metadata.");
            _metadata = _pe.GetMetadataReader();
        }
        catch (BadImageFormatException ex)
        {
            _pe.Dispose();
            throw new FgClepFormatException(assemblyPath, null, $"expected a .NET assembly (PE file): {ex.Message}", ex);
        }
        catch
        {
            _pe.Dispose();
            throw;
        }
    }

    /// <summary>Names of the resources embedded in the assembly.</summary>
    public IReadOnlyList<string> Names => EmbeddedResources().Select(r => r.Name).ToList();

    /// <summary>The bytes of the one embedded resource whose name ends with <paramref name="nameSuffix"/>.</summary>
    /// <exception cref="FgClepFormatException">No such resource, several, or one that runs past the file.</exception>
    public ReadOnlyMemory<byte> Read(string nameSuffix)
    {
        var matches = EmbeddedResources().Where(r => r.Name.EndsWith(nameSuffix, StringComparison.Ordinal)).ToList();
        if (matches.Count != 1)
            throw new FgClepFormatException(_path, null,
                $"expected one embedded resource named *{nameSuffix}; found {matches.Count} among [{string.Join(", ", Names)}].");
        var (name, offset) = matches[0];
        try
        {
            var directory = _pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = _pe.GetSectionData(directory.RelativeVirtualAddress);
            if (block.Length < directory.Size || offset > directory.Size - 4)
                throw new FgClepFormatException(_path, $"resource {name}", $"expected the resource at offset {offset} inside the {directory.Size}-byte resource directory; the file is truncated.");
            var reader = block.GetReader(offset, directory.Size - offset);
            var length = reader.ReadInt32();
            if (length < 0 || length > reader.RemainingBytes)
                throw new FgClepFormatException(_path, $"resource {name}", $"expected a resource length within the {reader.RemainingBytes} remaining bytes; found {length}. Truncated file?");
            return reader.ReadBytes(length);
        }
        catch (BadImageFormatException ex)
        {
            throw new FgClepFormatException(_path, $"resource {name}", $"expected a readable resource: {ex.Message}", ex);
        }
    }

    public void Dispose() => _pe.Dispose();

    private IEnumerable<(string Name, int Offset)> EmbeddedResources()
    {
        foreach (var handle in _metadata.ManifestResources)
        {
            var resource = _metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil) continue; // linked from another file, not embedded
            yield return (_metadata.GetString(resource.Name), checked((int)resource.Offset));
        }
    }
}
