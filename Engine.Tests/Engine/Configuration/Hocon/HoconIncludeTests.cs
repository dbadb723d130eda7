using Sift.Engine.Configuration.Hocon;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Configuration.Hocon;

public class HoconIncludeTests
{
    private static string Json(HoconObject o) => HoconReaderTests.Compact(HoconText.ToJson(o));

    [Fact]
    public void Includes_are_relative_to_the_including_file_in_every_form()
    {
        using var dir = TestEnv.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "conf.d"));
        File.WriteAllText(Path.Combine(dir.Path, "main.conf"),
            "include \"conf.d/a.conf\"\ninclude\n  file(\"conf.d/b\")\ninclude required(file(\"conf.d/c.conf\"))\nmain = 1");
        File.WriteAllText(Path.Combine(dir.Path, "conf.d", "a.conf"), "a = 1\ninclude \"d.conf\"");
        File.WriteAllText(Path.Combine(dir.Path, "conf.d", "b.conf"), "b = 2");
        File.WriteAllText(Path.Combine(dir.Path, "conf.d", "c.conf"), "c = 3");
        File.WriteAllText(Path.Combine(dir.Path, "conf.d", "d.conf"), "d = 4");
        var resolved = HoconReader.Resolve(HoconReader.ParseFile(Path.Combine(dir.Path, "main.conf")));
        Assert.Equal("""{"a":1,"d":4,"b":2,"c":3,"main":1}""", Json(resolved));
    }

    [Fact]
    public void An_include_inside_an_object_lands_there_and_its_substitutions_see_its_own_keys_first()
    {
        using var dir = TestEnv.NewTempDir();
        File.WriteAllText(Path.Combine(dir.Path, "main.conf"), "top = 0\nx { include \"inner.conf\"\n own = 1 }\nx.list += 3");
        File.WriteAllText(Path.Combine(dir.Path, "inner.conf"), "y = 2\nz = ${y}\nw = ${top}\nlist = [1]\nlist += 2");
        var resolved = HoconReader.Resolve(HoconReader.ParseFile(Path.Combine(dir.Path, "main.conf")));
        Assert.Equal("""{"top":0,"x":{"y":2,"z":2,"w":0,"list":[1,2,3],"own":1}}""", Json(resolved));
    }

    [Fact]
    public void Later_keys_override_included_ones_and_included_objects_merge()
    {
        using var dir = TestEnv.NewTempDir();
        File.WriteAllText(Path.Combine(dir.Path, "main.conf"), "a { x = 0, keep = 1 }\ninclude \"over.conf\"\na.y = 3");
        File.WriteAllText(Path.Combine(dir.Path, "over.conf"), "a { x = 1, y = 2 }");
        var resolved = HoconReader.Resolve(HoconReader.ParseFile(Path.Combine(dir.Path, "main.conf")));
        Assert.Equal("""{"a":{"x":1,"keep":1,"y":3}}""", Json(resolved));
    }

    [Fact]
    public void A_name_without_extension_loads_json_then_conf()
    {
        using var dir = TestEnv.NewTempDir();
        File.WriteAllText(Path.Combine(dir.Path, "main.conf"), "include \"base\"");
        File.WriteAllText(Path.Combine(dir.Path, "base.json"), "{ \"a\": 1, \"b\": [1, 2] }");
        File.WriteAllText(Path.Combine(dir.Path, "base.conf"), "a = 2");
        var resolved = HoconReader.Resolve(HoconReader.ParseFile(Path.Combine(dir.Path, "main.conf")));
        Assert.Equal("""{"a":2,"b":[1,2]}""", Json(resolved));
    }

    [Fact]
    public void An_include_cycle_is_an_error_at_the_include_that_closes_it()
    {
        using var dir = TestEnv.NewTempDir();
        var a = Path.Combine(dir.Path, "a.conf");
        var b = Path.Combine(dir.Path, "b.conf");
        File.WriteAllText(a, "x = 1\ninclude \"b.conf\"");
        File.WriteAllText(b, "y = 1\n  include \"a.conf\"");
        var e = Assert.Throws<HoconException>(() => HoconReader.ParseFile(a));
        Assert.Equal(HoconErrorReason.IncludeCycle, e.Reason);
        Assert.Equal((b, 2, 3), (e.Position.File, e.Position.Line, e.Position.Column));
    }

    [Fact]
    public void A_self_include_is_a_cycle()
    {
        using var dir = TestEnv.NewTempDir();
        var a = Path.Combine(dir.Path, "self.conf");
        File.WriteAllText(a, "include \"self.conf\"");
        Assert.Equal(HoconErrorReason.IncludeCycle, Assert.Throws<HoconException>(() => HoconReader.ParseFile(a)).Reason);
    }

    [Fact]
    public void A_chain_of_includes_deeper_than_the_limit_is_an_error()
    {
        using var dir = TestEnv.NewTempDir();
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Combine(dir.Path, $"f{i}.conf"), $"k{i} = {i}\ninclude \"f{i + 1}.conf\"");
        }
        var e = Assert.Throws<HoconException>(() => HoconReader.ParseFile(Path.Combine(dir.Path, "f0.conf")));
        Assert.Equal(HoconErrorReason.IncludeTooDeep, e.Reason);
    }

    [Fact]
    public void An_error_in_an_included_file_names_that_file()
    {
        using var dir = TestEnv.NewTempDir();
        File.WriteAllText(Path.Combine(dir.Path, "main.conf"), "include \"broken.conf\"");
        File.WriteAllText(Path.Combine(dir.Path, "broken.conf"), "ok = 1\nbad = \"open");
        var e = Assert.Throws<HoconException>(() => HoconReader.ParseFile(Path.Combine(dir.Path, "main.conf")));
        Assert.Equal($"{Path.Combine(dir.Path, "broken.conf")}:2:7: quoted string is not closed on its line", e.Message);
    }

    [Fact]
    public void An_include_of_an_endless_device_is_refused_as_too_large()
    {
        var e = Assert.Throws<HoconException>(() => HoconReader.Load("include \"/dev/zero\""));
        Assert.Equal(HoconErrorReason.DocumentTooLarge, e.Reason);
        Assert.Equal((1, 1), (e.Position.Line, e.Position.Column));
    }

    [Fact]
    public void A_missing_top_level_file_is_a_reader_error()
    {
        var e = Assert.Throws<HoconException>(() => HoconReader.ParseFile("/nonexistent/sift.conf"));
        Assert.Equal(HoconErrorReason.IncludeNotFound, e.Reason);
        Assert.StartsWith("/nonexistent/sift.conf:1:1: ", e.Message);
    }
}
