using System.Text;
using Sift.Protocols.Rspamd;

namespace Sift.Engine.Tests.Protocols.Rspamd;

/// <summary>The /checkv2 JSON reader on recorded and hostile answers.</summary>
public sealed class RspamdReaderTests
{
    // Recorded from rspamd 3.4 (GTUBE), with a milter block as rspamd's milter_headers module writes it.
    private const string Recorded = """
        {"is_skipped":true,"score":15.0,"required_score":15.0,"action":"reject",
         "symbols":{"GTUBE":{"name":"GTUBE","score":0.0,"metric_score":0.0},
                    "MIME_GOOD":{"name":"MIME_GOOD","score":-0.1,"metric_score":-0.1,"description":"Known content-type","options":["text/plain"]}},
         "messages":{"smtp_message":"Gtube pattern"},"message-id":"undef","time_real":0.000223,
         "milter":{"add_headers":{"X-Spam-Status":{"value":"Yes, score=15.0","order":0},
                                  "X-Rspamd-Server":"mx1",
                                  "X-Virus":[{"value":"a","order":1},"b"]},
                   "remove_headers":{"X-Spam":0,"X-Spam-Status":1}}}
        """;

    [Fact]
    public void A_recorded_answer_is_read_into_typed_fields()
    {
        Assert.True(RspamdReader.TryReadCheck(Encoding.UTF8.GetBytes(Recorded), out var r, out var error), error);
        Assert.NotNull(r);
        Assert.Equal(15.0, r.Score);
        Assert.Equal(15.0, r.RequiredScore);
        Assert.Equal(RspamdAction.Reject, r.Action);
        Assert.True(r.IsSkipped);
        Assert.Equal("Gtube pattern", r.SmtpMessage);
        Assert.Equal(2, r.Symbols.Count);
        var mime = r.Symbols.Single(s => s.Name == "MIME_GOOD");
        Assert.Equal(-0.1, mime.Score, 6);
        Assert.Equal("Known content-type", mime.Description);
        Assert.Equal(["text/plain"], mime.Options);
        Assert.Equal(
            [new("X-Spam-Status", "Yes, score=15.0", 0), new("X-Rspamd-Server", "mx1", null), new("X-Virus", "a", 1), new("X-Virus", "b", null)],
            r.Milter.AddHeaders);
        Assert.Equal(0, r.Milter.RemoveHeaders["X-Spam"]);
        Assert.Equal(1, r.Milter.RemoveHeaders["x-spam-status"]);
    }

    [Theory]
    [InlineData("no action", RspamdAction.NoAction)]
    [InlineData("greylist", RspamdAction.Greylist)]
    [InlineData("add header", RspamdAction.AddHeader)]
    [InlineData("rewrite subject", RspamdAction.RewriteSubject)]
    [InlineData("soft reject", RspamdAction.SoftReject)]
    [InlineData("reject", RspamdAction.Reject)]
    [InlineData("discard", RspamdAction.Unknown)]
    public void Every_action_name_maps_to_its_action(string name, RspamdAction action)
    {
        Assert.Equal(action, RspamdActions.Parse(name));
        if (action != RspamdAction.Unknown) Assert.Equal(name, action.ToName());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{")]
    [InlineData("{\"score\":\"lots\",\"action\":\"reject\"}")]
    [InlineData("{\"action\":\"reject\"}")]
    [InlineData("{\"score\":1}")]
    [InlineData("{\"error\":\"cannot parse message\"}")]
    [InlineData("{\"score\":1,\"action\":\"reject\",\"symbols\":[1]}")]
    public void Bad_answers_are_refused_with_a_reason_and_never_throw(string json)
    {
        Assert.False(RspamdReader.TryReadCheck(Encoding.UTF8.GetBytes(json), out var r, out var error));
        Assert.Null(r);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Deep_nesting_is_refused_not_followed()
    {
        var deep = "{\"score\":1,\"action\":\"reject\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.False(RspamdReader.TryReadCheck(Encoding.UTF8.GetBytes(deep), out _, out _));
    }

    [Fact]
    public void Every_prefix_of_a_recorded_answer_is_refused_without_throwing()
    {
        var bytes = Encoding.UTF8.GetBytes(Recorded);
        for (var n = 0; n < bytes.Length - 1; n++)
            Assert.False(RspamdReader.TryReadCheck(bytes.AsSpan(0, n), out _, out _), $"prefix {n}");
    }

    [Fact]
    public void An_error_body_yields_its_error_text()
    {
        Assert.Equal("Decompression error", RspamdReader.TryReadError("""{"error":"Decompression error","error_domain":"task-error"}"""u8));
        Assert.Null(RspamdReader.TryReadError("not json"u8));
    }
}
