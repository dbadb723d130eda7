using System.Buffers;
using System.Text;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Protocols.Milter;

/// <summary>
/// The small milter the tests drive: every stage answers according to its input, and end of
/// message performs the modification named by the Subject header, so that a script can reach
/// each reply and each modification.
/// </summary>
internal sealed class ExampleMilter : MilterHandler
{
    public static readonly MilterActions AllActions = MilterActions.AddHeaders | MilterActions.ChangeHeaders |
        MilterActions.AddRecipients | MilterActions.AddRecipientsWithArgs | MilterActions.DeleteRecipients |
        MilterActions.ChangeBody | MilterActions.ChangeFrom | MilterActions.Quarantine;

    private readonly StringBuilder _body = new();
    private string _subject = "";
    private string _rawSubject = "";
    private int _headers;

    /// <summary>Starts a server with this handler on a free loopback port.</summary>
    public static async Task<MilterServer> StartAsync(Action<MilterServerOptions>? configure = null, Func<MilterHandler>? factory = null)
    {
        var options = new MilterServerOptions { Listen = "inet:0@127.0.0.1", Actions = AllActions };
        configure?.Invoke(options);
        var server = new MilterServer(factory ?? (() => new ExampleMilter()), options);
        await server.StartAsync();
        return server;
    }

    public override ValueTask<MilterResponse> OnConnectAsync(MilterContext context, MilterConnectInfo client) =>
        new(client.HostName == "reject.example" ? MilterResponse.Reject : MilterResponse.Continue);

    public override ValueTask<MilterResponse> OnHeloAsync(MilterContext context, string helo) =>
        new(helo == "tempfail.example" ? MilterResponse.TempFail : MilterResponse.Continue);

    public override ValueTask<MilterResponse> OnMailFromAsync(MilterContext context, string sender, IReadOnlyList<string> arguments)
    {
        Reset();
        return new(sender switch
        {
            "<blocked@example.com>" => MilterResponse.Reply(550, "5.7.1", "Sender blocked"),
            "<throw@example.com>" => throw new InvalidOperationException("the example milter throws on request"),
            _ when arguments.Contains("SIZE=666") => MilterResponse.Reject,
            _ => MilterResponse.Continue,
        });
    }

    public override ValueTask<MilterResponse> OnRcptAsync(MilterContext context, string recipient, IReadOnlyList<string> arguments) =>
        new(recipient switch
        {
            "<temp@example.com>" => MilterResponse.TempFail,
            "<multi@example.com>" => MilterResponse.Reply(451, "4.7.1", ["first line", "second line"]),
            _ => MilterResponse.Continue,
        });

    public override async ValueTask<MilterResponse> OnHeaderAsync(MilterContext context, string name, string value)
    {
        await Task.Yield(); // a callback that really is asynchronous
        _headers++;
        if (name == "X-Throw") { throw new InvalidOperationException("the example milter throws on request"); }
        if (name.Equals("Subject", StringComparison.OrdinalIgnoreCase)) { _subject = value.TrimStart(); _rawSubject = value; }
        return MilterResponse.Continue;
    }

    public override ValueTask<MilterResponse> OnBodyAsync(MilterContext context, ReadOnlySequence<byte> chunk)
    {
        _body.Append(Encoding.UTF8.GetString(chunk));
        return new(_body.ToString().Contains("SKIP-REST") ? MilterResponse.Skip : MilterResponse.Continue);
    }

    public override ValueTask<MilterResponse> OnUnknownAsync(MilterContext context, string command) =>
        new(command.StartsWith("BAD", StringComparison.Ordinal) ? MilterResponse.Reject : MilterResponse.Continue);

    public override ValueTask<MilterResponse> OnEndOfMessageAsync(MilterContext context)
    {
        if (context.Macros["i"] is { } queueId)
        {
            context.AddHeader("X-Queue-Id", queueId);
        }
        foreach (var word in _subject.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (word)
            {
                case "add": context.AddHeader("X-Sift", $"checked {_headers} headers"); break;
                case "insert": context.InsertHeader(0, "X-First", "inserted"); break;
                case "change": context.ChangeHeader("Subject", 1, "changed"); break;
                case "delete": context.ChangeHeader("X-Remove", 1, null); break;
                case "rcptadd": context.AddRecipient("<added@example.com>"); break;
                case "rcptaddargs": context.AddRecipient("<args@example.com>", "NOTIFY=NEVER"); break;
                case "rcptdel": context.DeleteRecipient("<rcpt@example.com>"); break;
                case "body": context.ReplaceBody("replaced body\r\n"u8); break;
                case "from": context.ChangeFrom("<new-sender@example.com>"); break;
                case "quarantine": context.Quarantine("held for review"); break;
                case "echo": context.AddHeader("X-Body", _body.ToString().Trim()); break;
                case "raw": context.AddHeader("X-Raw-Subject", $"[{_rawSubject}] leadspc={context.HeaderLeadingSpace}"); break;
                case "reject": return new(MilterResponse.Reply(554, "5.7.1", "Message rejected"));
                case "tempfail": return new(MilterResponse.TempFail);
                case "discard": return new(MilterResponse.Discard);
                case "accept": return new(MilterResponse.Accept);
                case "throw": throw new InvalidOperationException("the example milter throws on request");
            }
        }
        return new(MilterResponse.Continue);
    }

    public override ValueTask OnAbortAsync(MilterContext context)
    {
        Reset();
        return ValueTask.CompletedTask;
    }

    private void Reset()
    {
        _body.Clear();
        _subject = "";
        _rawSubject = "";
        _headers = 0;
    }
}
