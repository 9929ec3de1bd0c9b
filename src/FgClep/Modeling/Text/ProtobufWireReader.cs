namespace FgClep.Modeling.Text;

/// <summary>
/// Reads the protocol-buffers wire format field by field: a key (field number and wire type) followed by a varint, a
/// fixed 64- or 32-bit value or a length-delimited slice. Length-delimited values are slices of the same memory (no copy).
/// Errors throw <see cref="FormatException"/> with the byte offset; callers turn it into a message naming their file.
/// </summary>
internal struct ProtobufWireReader
{
    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly long _baseOffset;
    private int _position;

    /// <param name="data">The message bytes.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/> in the enclosing file, for messages.</param>
    public ProtobufWireReader(ReadOnlyMemory<byte> data, long baseOffset = 0)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
    }

    /// <summary>Offset in the enclosing file of the next byte to read.</summary>
    public readonly long FileOffset => _baseOffset + _position;

    /// <summary>Reads the next key; false at the end of the message.</summary>
    public bool TryReadKey(out int field, out int wireType)
    {
        if (_position >= _data.Length)
        {
            field = wireType = 0;
            return false;
        }
        var key = ReadVarint();
        field = checked((int)(key >> 3));
        wireType = (int)(key & 7);
        if (field == 0) throw Error("field number 0");
        return true;
    }

    public ulong ReadVarint()
    {
        var span = _data.Span;
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= span.Length) throw Error("a varint running past the end of the message");
            var b = span[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Error("a varint longer than 10 bytes");
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    public long ReadInt64Fixed() => BitConverter.ToInt64(Take(8).Span);

    public float ReadFixed32Float() => BitConverter.Int32BitsToSingle(BitConverter.ToInt32(Take(4).Span));

    /// <summary>A length-delimited value, with the file offset where it starts.</summary>
    public ReadOnlyMemory<byte> ReadBytes(out long fileOffset)
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position)) throw Error($"a length of {length} bytes where only {_data.Length - _position} remain");
        fileOffset = FileOffset;
        return Take((int)length);
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes(out _).Span);

    /// <summary>A sub-message reader over the next length-delimited value.</summary>
    public ProtobufWireReader ReadMessage()
    {
        var bytes = ReadBytes(out var offset);
        return new ProtobufWireReader(bytes, offset);
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Take(8); break;
            case LengthDelimited: ReadBytes(out _); break;
            case Fixed32: Take(4); break;
            default: throw Error($"wire type {wireType} (groups and unknown types are not supported)");
        }
    }

    /// <summary>Reads a repeated int64 field occurrence, packed or not, into <paramref name="into"/>.</summary>
    public void ReadInt64s(int wireType, List<long> into)
    {
        if (wireType == Varint)
        {
            into.Add(ReadInt64());
            return;
        }
        Expect(wireType, LengthDelimited);
        var packed = ReadMessage();
        while (packed._position < packed._data.Length) into.Add(packed.ReadInt64());
    }

    /// <summary>Reads a repeated float field occurrence, packed or not, into <paramref name="into"/>.</summary>
    public void ReadFloats(int wireType, List<float> into)
    {
        if (wireType == Fixed32)
        {
            into.Add(ReadFixed32Float());
            return;
        }
        Expect(wireType, LengthDelimited);
        var bytes = ReadBytes(out _);
        if (bytes.Length % 4 != 0) throw Error($"a packed float field of {bytes.Length} bytes (not a multiple of 4)");
        for (var i = 0; i < bytes.Length; i += 4) into.Add(BitConverter.ToSingle(bytes.Span[i..]));
    }

    public readonly void Expect(int wireType, int expected)
    {
        if (wireType != expected) throw Error($"wire type {wireType} where {expected} was expected");
    }

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count > _data.Length - _position) throw Error($"{count} more bytes where only {_data.Length - _position} remain");
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private readonly FormatException Error(string what) => new($"byte {FileOffset}: found {what}.");
}
