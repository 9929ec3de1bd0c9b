using System.Text.Json.Serialization;

namespace FgClep.Datasets.Cache;

/// <summary>One record's line in a shard's <c>.jsonl</c> file: its id, report and the checksum of its float16 signal bytes.</summary>
internal sealed record EcgShardLine(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("report")] string Report,
    [property: JsonPropertyName("sha")] string Checksum)
{
    /// <summary>The first 8 bytes of the SHA-256 of <paramref name="bytes"/>, as 16 hex digits.</summary>
    public static string ChecksumOf(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
