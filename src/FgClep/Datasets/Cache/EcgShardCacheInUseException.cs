namespace FgClep.Datasets.Cache;

/// <summary>Another writer holds the ECG cache folder (its <c>writer.lock</c>); wait for it, or use another folder.</summary>
public sealed class EcgShardCacheInUseException : IOException
{
    /// <summary>Creates the exception for <paramref name="directory"/>.</summary>
    public EcgShardCacheInUseException(string directory, Exception? inner = null)
        : base($"Cannot write the ECG cache '{directory}': another run is writing it.", inner)
    {
        Directory = directory;
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }
}
