using System.Text.Json;
using Sift.Engine.Configuration.Hocon;

namespace Sift.Engine.Tests.Engine.Configuration.Hocon;

/// <summary>The reader against HOCON documents and the JSON the specification says they mean.</summary>
public class HoconReaderTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["SIFT_TEST_HOCON_HOME"] = "/home/sift",
        ["PATH_LIKE"] = "/usr/bin",
        ["SIFT_TEST_HOCON_EMPTY"] = "",
    };

    public static TheoryData<string, string, string> Documents => new()
    {
        { "hash and slash comments are ignored", "a = 1 # one\n// a comment line\nb = 2 // two", """{"a":1,"b":2}""" },
        { "root braces may be omitted", "a : 1", """{"a":1}""" },
        { "root braces may be written", "{ a : 1 }", """{"a":1}""" },
        { "colon, equals or nothing before an object", "a : { x = 1 }\nb = { x = 2 }\nc { x = 3 }", """{"a":{"x":1},"b":{"x":2},"c":{"x":3}}""" },
        { "commas or newlines separate fields", "a = 1, b = 2\nc = 3,\nd = 4", """{"a":1,"b":2,"c":3,"d":4}""" },
        { "a trailing comma is allowed", "a = [1, 2,]\nb { c = 1, }", """{"a":[1,2],"b":{"c":1}}""" },
        { "newlines separate array elements", "a = [\n  1\n  2\n]", """{"a":[1,2]}""" },
        { "unquoted strings", "a = foo\nb = foo.bar-baz_1", """{"a":"foo","b":"foo.bar-baz_1"}""" },
        { "quoted strings unescape JSON escapes", "a = \"tab\\there \\u0041 \\\"q\\\"\"", """{"a":"tab\there A \"q\""}""" },
        { "triple-quoted strings keep newlines and quotes", "a = \"\"\"line 1\n\"line\" 2\"\"\"", """{"a":"line 1\n\"line\" 2"}""" },
        { "extra quotes before the closing triple quote belong to the string", "a = \"\"\"x\"\"\"\"", """{"a":"x\""}""" },
        { "numbers, booleans and null keep their types", "a = 1\nb = -2.5\nc = 1e3\nd = true\ne = false\nf = null\ng = 010", """{"a":1,"b":-2.5,"c":1e3,"d":true,"e":false,"f":null,"g":"010"}""" },
        { "values on one line concatenate with their whitespace", "a = foo   \"bar\" 42\nb = 10 seconds", """{"a":"foo   bar 42","b":"10 seconds"}""" },
        { "path keys make nested objects", "a.b.c = 1", """{"a":{"b":{"c":1}}}""" },
        { "quoted dots are part of the key", "\"a.b\" = 1\nc.\"d.e\" = 2", """{"a.b":1,"c":{"d.e":2}}""" },
        { "whitespace inside a key is kept", "a b = 1", """{"a b":1}""" },
        { "duplicate object keys merge", "a { x = 1, y = 1 }\na { y = 2, z = 3 }", """{"a":{"x":1,"y":2,"z":3}}""" },
        { "path keys merge into an earlier object", "a { b { c = 1 } }\na.b.d = 2", """{"a":{"b":{"c":1,"d":2}}}""" },
        { "a later scalar replaces an earlier one", "a = 1\na = 2", """{"a":2}""" },
        { "a non-object breaks the merge chain", "a { x = 1 }\na = 3\na { y = 2 }", """{"a":{"y":2}}""" },
        { "plus-equals appends to an array", "a = [1]\na += 2\na += [3]", """{"a":[1,2,[3]]}""" },
        { "plus-equals on a missing key starts an array", "a += x", """{"a":["x"]}""" },
        { "substitution of a value defined earlier", "a = 1\nb = ${a}", """{"a":1,"b":1}""" },
        { "substitution of a value defined later", "b = ${a}\na = 1", """{"b":1,"a":1}""" },
        { "substitution keeps the type of the value", "a = true\nb = ${a}\nc = { x = 1 }\nd = ${c}", """{"a":true,"b":true,"c":{"x":1},"d":{"x":1}}""" },
        { "substitution inside the object being defined", "bar { foo = 42, baz = ${bar.foo} }", """{"bar":{"foo":42,"baz":42}}""" },
        { "substitution concatenated with strings", "a = x\nb = ${a}y ${a}", """{"a":"x","b":"xy x"}""" },
        { "an object substitution merges with a following object", "base { a = 1, b = 1 }\nchild = ${base} { b = 2 }", """{"base":{"a":1,"b":1},"child":{"a":1,"b":2}}""" },
        { "arrays concatenate", "a = [1] [2, 3]\nb = ${a} [4]", """{"a":[1,2,3],"b":[1,2,3,4]}""" },
        { "an undefined optional substitution leaves the key unset", "a = ${?nope}\nb = 1", """{"b":1}""" },
        { "an undefined optional substitution keeps the earlier value", "a = 1\na = ${?nope}", """{"a":1}""" },
        { "an undefined optional substitution disappears from a concatenation", "a = x${?nope}y", """{"a":"xy"}""" },
        { "an undefined optional substitution disappears from an array", "a = [1, ${?nope}, 2]", """{"a":[1,2]}""" },
        { "the environment is the fallback for substitutions", "home = ${SIFT_TEST_HOCON_HOME}\nopt = ${?SIFT_TEST_HOCON_HOME}", """{"home":"/home/sift","opt":"/home/sift"}""" },
        { "an environment variable set to the empty string counts as absent", "a = ${?SIFT_TEST_HOCON_EMPTY}", "{}" },
        { "the document wins over the environment", "SIFT_TEST_HOCON_HOME = here\nhome = ${SIFT_TEST_HOCON_HOME}", """{"SIFT_TEST_HOCON_HOME":"here","home":"here"}""" },
        { "a self-reference looks at the earlier value", "a = foo\na = ${a} bar", """{"a":"foo bar"}""" },
        { "a self-reference with no earlier value falls back to the environment", "PATH_LIKE = ${PATH_LIKE}\":/opt/bin\"", """{"PATH_LIKE":"/usr/bin:/opt/bin"}""" },
        { "an optional self-reference with no earlier value is empty", "p = ${?p}\"/x\"", """{"p":"/x"}""" },
        { "a self-reference extends an object", "foo { a = 1 }\nfoo = ${foo} { b = 2 }", """{"foo":{"a":1,"b":2}}""" },
        { "a self-reference to a nested key", "a { x = 1 }\na.x = ${a.x}0", """{"a":{"x":"10"}}""" },
        { "an object field refers to a sibling object", "x { y = 1 }\nz { w = ${x.y} }", """{"x":{"y":1},"z":{"w":1}}""" },
        { "substitution paths may be quoted", "\"a.b\" = 1\nc = ${\"a.b\"}", """{"a.b":1,"c":1}""" },
        { "durations and sizes stay as written", "t = 5s\ns = 50M", """{"t":"5s","s":"50M"}""" },
        { "a key named include is just a key", "include = 1", """{"include":1}""" },
        { "unicode text passes through", "a = \"héllo ✓\"", """{"a":"héllo ✓"}""" },
        { "a substitution giving null is empty inside a concatenation, a written null is not", "n = null\na = x${n}y\nb = null x", """{"n":null,"a":"xy","b":"null x"}""" },
        { "a null setting is not looked up in the environment", "SIFT_TEST_HOCON_HOME = null\nh = ${SIFT_TEST_HOCON_HOME}", """{"SIFT_TEST_HOCON_HOME":null,"h":null}""" },
        { "separator controls and non-breaking spaces are whitespace", "a\u001F=\u00A01", """{"a":1}""" },
        { "an empty document is an empty object", "# only a comment\n", "{}" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Documents_resolve_to_the_json_the_specification_gives(string name, string hocon, string expectedJson)
    {
        var resolved = HoconReader.Load(hocon, environment: Environment.GetValueOrDefault);
        Assert.True(Compact(expectedJson) == Compact(HoconText.ToJson(resolved)),
            $"{name}: expected {Compact(expectedJson)} got {Compact(HoconText.ToJson(resolved))}");
    }

    public static TheoryData<string, HoconErrorReason, int, int> Errors => new()
    {
        { "a = \"abc", HoconErrorReason.Unterminated, 1, 5 },
        { "a = \"\"\"abc", HoconErrorReason.Unterminated, 1, 5 },
        { "a = ${b", HoconErrorReason.Unterminated, 1, 5 },
        { "a {\n  b = 1\n", HoconErrorReason.Unterminated, 1, 3 },
        { "a = [1, 2", HoconErrorReason.Unterminated, 1, 5 },
        { "a = \"\\q\"", HoconErrorReason.InvalidEscape, 1, 6 },
        { "a = \"\\u12\"", HoconErrorReason.InvalidEscape, 1, 6 },
        { "a = b@c", HoconErrorReason.ReservedCharacter, 1, 6 },
        { "a = 1 + 2", HoconErrorReason.ReservedCharacter, 1, 7 },
        { "a = $b", HoconErrorReason.ReservedCharacter, 1, 5 },
        { "a..b = 1", HoconErrorReason.InvalidPath, 1, 1 },
        { "a = ${x..y}", HoconErrorReason.InvalidPath, 1, 5 },
        { "a = 1 b = 2", HoconErrorReason.Syntax, 1, 9 },
        { "a = 1,,b = 2", HoconErrorReason.Syntax, 1, 7 },
        { "\n  a", HoconErrorReason.Syntax, 2, 4 },
        { "a = ", HoconErrorReason.Syntax, 1, 5 },
        { "[1, 2]", HoconErrorReason.Syntax, 1, 1 },
        { "{ a = 1 } b", HoconErrorReason.Syntax, 1, 11 },
        { "a = ]", HoconErrorReason.Syntax, 1, 5 },
        { "a = ${nope}", HoconErrorReason.UnresolvedSubstitution, 1, 5 },
        { "a = 1\nb = x ${c.d}", HoconErrorReason.UnresolvedSubstitution, 2, 7 },
        { "a = ${b}\nb = ${a}", HoconErrorReason.SubstitutionCycle, 1, 5 },
        { "a = ${a}", HoconErrorReason.UnresolvedSubstitution, 1, 5 },
        { "bar { foo = 42, baz = ${bar} }", HoconErrorReason.SubstitutionCycle, 1, 5 },
        { "a = [1] { b = 1 }", HoconErrorReason.InvalidConcatenation, 1, 5 },
        { "a = x\nb = ${a} [1]", HoconErrorReason.InvalidConcatenation, 1, 5 },
        { "include url(\"http://example.org/x.conf\")", HoconErrorReason.IncludeUnsupported, 1, 1 },
        { "include required(\"/nonexistent/sift/x.conf\")", HoconErrorReason.IncludeNotFound, 1, 1 },
        { "include required(file(\"/nonexistent/sift/x.conf\"))", HoconErrorReason.IncludeNotFound, 1, 1 },
        { "include file(\"x.conf\"", HoconErrorReason.Syntax, 1, 14 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Bad_documents_fail_with_the_reason_and_position(string hocon, HoconErrorReason reason, int line, int column)
    {
        var e = Assert.Throws<HoconException>(() => HoconReader.Load(hocon, "bad.conf", Environment.GetValueOrDefault));
        Assert.True((reason, line, column) == (e.Reason, e.Position.Line, e.Position.Column), $"{hocon}: got {e.Reason} {e.Message}");
        Assert.StartsWith($"bad.conf:{line}:{column}: ", e.Message);
    }

    [Fact]
    public void A_missing_optional_include_is_ignored()
    {
        var resolved = HoconReader.Load("include \"/nonexistent/sift/x.conf\"\na = 1");
        Assert.Equal("""{"a":1}""", Compact(HoconText.ToJson(resolved)));
    }

    internal static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
