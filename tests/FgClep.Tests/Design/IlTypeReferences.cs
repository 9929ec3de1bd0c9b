using System.Reflection;
using System.Reflection.Emit;

namespace FgClep.Tests.Design;

/// <summary>
/// The types one type uses: in its signatures (base type, interfaces, fields, properties, methods, attributes) and in the
/// IL of its method bodies (every field, method, type and token operand), with generic arguments and element types unwrapped.
/// </summary>
internal static class IlTypeReferences
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Each type <paramref name="type"/> refers to, with the member where the reference was seen.</summary>
    public static IEnumerable<(Type Target, string Where)> Of(Type type)
    {
        var found = new List<(Type, string)>();
        void Add(Type? t, string where)
        {
            foreach (var u in Unwrap(t)) found.Add((u, where));
        }

        Add(type.BaseType, "base type");
        foreach (var i in type.GetInterfaces()) Add(i, "interface");
        foreach (var a in type.CustomAttributes) Add(a.AttributeType, "attribute");
        foreach (var f in type.GetFields(Declared)) Add(f.FieldType, f.Name);
        foreach (var p in type.GetProperties(Declared)) Add(p.PropertyType, p.Name);
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType, m.Name);
            foreach (var p in m.GetParameters()) Add(p.ParameterType, m.Name);
            foreach (var a in m.CustomAttributes) Add(a.AttributeType, m.Name);
            foreach (var t in BodyReferences(m)) Add(t, m.Name);
        }
        return found;
    }

    private static IEnumerable<Type> Unwrap(Type? t)
    {
        if (t is null || t.IsGenericParameter) yield break;
        if (t.HasElementType)
        {
            foreach (var u in Unwrap(t.GetElementType())) yield return u;
            yield break;
        }
        if (t.IsGenericType)
        {
            yield return t.GetGenericTypeDefinition();
            foreach (var a in t.GetGenericArguments())
                foreach (var u in Unwrap(a)) yield return u;
            yield break;
        }
        yield return t;
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE) value = (short)(0xFE00 | il[position++]);
            if (!OpCodesByValue.TryGetValue(value, out var opCode))
                throw new InvalidOperationException($"Unknown IL opcode 0x{value:X} in {method.DeclaringType}.{method.Name}.");
            switch (opCode.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    var token = BitConverter.ToInt32(il, position);
                    position += 4;
                    foreach (var t in Resolve(method.Module, token, typeArguments, methodArguments)) yield return t;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + 4 * BitConverter.ToInt32(il, position);
                    break;
                default:
                    position += OperandSize(opCode.OperandType);
                    break;
            }
        }
    }

    private static IEnumerable<Type> Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        MemberInfo? member;
        try
        {
            member = module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            member = null;
        }
        switch (member)
        {
            case Type t:
                yield return t;
                break;
            case MethodInfo m:
                if (m.DeclaringType is not null) yield return m.DeclaringType;
                yield return m.ReturnType;
                if (m.IsGenericMethod)
                    foreach (var a in m.GetGenericArguments()) yield return a;
                break;
            case MemberInfo other when other.DeclaringType is not null:
                yield return other.DeclaringType;
                if (other is FieldInfo f) yield return f.FieldType;
                break;
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
