using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Protocols.Milter;

/// <summary>The library against OpenDKIM's miltertest, a real MTA-side implementation.</summary>
public class MiltertestTests
{
    private static async Task AssertScriptPassesAsync(string script, Action<MilterServerOptions>? configure = null)
    {
        await using var server = await ExampleMilter.StartAsync(configure);
        var (code, output) = await MiltertestRunner.RunAsync(server.Descriptor!, script);
        Assert.True(code == 0 && output.Contains("ALL OK"), $"miltertest exited {code}:\n{output}");
    }

    [Fact]
    public void Miltertest_is_installed()
    {
        MiltertestRunner.RequirePresent();
    }

    [Fact]
    public Task A_message_passes_every_stage_and_gets_continue() => AssertScriptPassesAsync("""
        local conn = open()
        check(mt.conninfo(conn, "client.example", "127.0.0.1") == nil, "conninfo")
        reply(conn, SMFIR_CONTINUE, "connect continue")
        check(mt.helo(conn, "client.example") == nil, "helo")
        reply(conn, SMFIR_CONTINUE, "helo continue")
        check(mt.mailfrom(conn, "<sender@example.com>", "SIZE=100") == nil, "mail")
        reply(conn, SMFIR_CONTINUE, "mail continue")
        check(mt.rcptto(conn, "<rcpt@example.com>") == nil, "rcpt")
        reply(conn, SMFIR_CONTINUE, "rcpt continue")
        check(mt.data(conn) == nil, "data")
        reply(conn, SMFIR_CONTINUE, "data continue")
        check(mt.header(conn, "From", "sender@example.com") == nil, "header")
        reply(conn, SMFIR_CONTINUE, "header continue")
        check(mt.header(conn, "Subject", "plain") == nil, "subject")
        check(mt.eoh(conn) == nil, "eoh")
        reply(conn, SMFIR_CONTINUE, "eoh continue")
        check(mt.bodystring(conn, "hello\r\n") == nil, "body")
        reply(conn, SMFIR_CONTINUE, "body continue")
        check(mt.unknown(conn, "XYZZY") == nil, "unknown")
        reply(conn, SMFIR_CONTINUE, "unknown continue")
        check(mt.eom(conn) == nil, "eom")
        reply(conn, SMFIR_CONTINUE, "eom continue")
        check(not mt.eom_check(conn, MT_HDRADD), "no modification")
        check(mt.test_action(conn, SMFIF_ADDHDRS), "negotiated add headers")
        check(mt.test_action(conn, SMFIF_QUARANTINE), "negotiated quarantine")
        check(not mt.test_action(conn, SMFIF_SETSYMLIST), "no macro list asked")
        check(mt.disconnect(conn) == nil, "disconnect")
        """);

    [Fact]
    public Task Every_modification_reaches_the_mta_at_end_of_message() => AssertScriptPassesAsync("""
        local conn = open()
        check(mt.conninfo(conn, "client.example", "127.0.0.1") == nil, "conninfo")
        check(mt.macro(conn, SMFIC_MAIL, "i", "4AbCdE") == nil, "macro")
        check(mt.mailfrom(conn, "<sender@example.com>") == nil, "mail")
        check(mt.rcptto(conn, "<rcpt@example.com>") == nil, "rcpt")
        check(mt.header(conn, "Subject", "add insert change delete rcptadd rcptaddargs rcptdel body from quarantine") == nil, "subject")
        check(mt.header(conn, "X-Remove", "gone") == nil, "x-remove")
        check(mt.eoh(conn) == nil, "eoh")
        check(mt.bodystring(conn, "original body\r\n") == nil, "body")
        check(mt.eom(conn) == nil, "eom")
        reply(conn, SMFIR_CONTINUE, "eom continue")
        check(mt.eom_check(conn, MT_HDRADD, "X-Sift", "checked 2 headers"), "header added")
        check(mt.eom_check(conn, MT_HDRADD, "X-Queue-Id", "4AbCdE"), "queue id macro seen")
        check(mt.eom_check(conn, MT_HDRINSERT, "X-First", "inserted"), "header inserted")
        check(mt.eom_check(conn, MT_HDRCHANGE, "Subject", "changed"), "header changed")
        check(mt.eom_check(conn, MT_HDRDELETE, "X-Remove"), "header deleted")
        check(mt.eom_check(conn, MT_RCPTADD, "<added@example.com>"), "recipient added")
        -- miltertest accepts SMFIR_ADDRCPT_PAR but does not record it: MilterServerTests checks it.
        check(mt.eom_check(conn, MT_RCPTDELETE, "<rcpt@example.com>"), "recipient deleted")
        check(mt.eom_check(conn, MT_BODYCHANGE, "replaced body\r\n"), "body replaced")
        check(mt.eom_check(conn, MT_QUARANTINE, "held for review"), "quarantined")
        check(mt.getheader(conn, "X-Sift", 0) == "checked 2 headers", "getheader")
        check(mt.disconnect(conn) == nil, "disconnect")
        """);

    [Fact]
    public Task Rejects_tempfails_and_custom_replies_reach_the_mta() => AssertScriptPassesAsync("""
        local conn = open()
        check(mt.conninfo(conn, "reject.example", "127.0.0.1") == nil, "conninfo")
        reply(conn, SMFIR_REJECT, "connect rejected")
        mt.disconnect(conn)

        conn = open()
        check(mt.conninfo(conn, "client.example", "::1") == nil, "conninfo v6")
        check(mt.helo(conn, "tempfail.example") == nil, "helo")
        reply(conn, SMFIR_TEMPFAIL, "helo tempfailed")
        check(mt.mailfrom(conn, "<blocked@example.com>") == nil, "mail blocked")
        reply(conn, SMFIR_REPLYCODE, "mail custom reply")
        check(mt.abort(conn) == nil, "abort")
        check(mt.mailfrom(conn, "<sender@example.com>", "SIZE=666") == nil, "mail size")
        reply(conn, SMFIR_REJECT, "mail rejected")
        check(mt.abort(conn) == nil, "abort 2")
        check(mt.mailfrom(conn, "<sender@example.com>") == nil, "mail ok")
        check(mt.rcptto(conn, "<temp@example.com>") == nil, "rcpt temp")
        reply(conn, SMFIR_TEMPFAIL, "rcpt tempfailed")
        check(mt.rcptto(conn, "<multi@example.com>") == nil, "rcpt multi")
        reply(conn, SMFIR_REPLYCODE, "rcpt multi-line reply")
        check(mt.unknown(conn, "BAD COMMAND") == nil, "unknown")
        reply(conn, SMFIR_REJECT, "unknown rejected")
        check(mt.rcptto(conn, "<rcpt@example.com>") == nil, "rcpt ok")
        check(mt.header(conn, "Subject", "reject") == nil, "subject")
        check(mt.eom(conn) == nil, "eom")
        reply(conn, SMFIR_REPLYCODE, "eom reply code")
        check(mt.eom_check(conn, MT_SMTPREPLY, "554", "5.7.1", "Message rejected"), "eom smtp reply")
        mt.disconnect(conn)

        for _, case in ipairs({ {"tempfail", SMFIR_TEMPFAIL}, {"discard", SMFIR_DISCARD}, {"accept", SMFIR_ACCEPT} }) do
          conn = open()
          check(mt.mailfrom(conn, "<sender@example.com>") == nil, "mail " .. case[1])
          check(mt.header(conn, "Subject", case[1]) == nil, "subject " .. case[1])
          check(mt.eom(conn) == nil, "eom " .. case[1])
          reply(conn, case[2], "eom answers " .. case[1])
          mt.disconnect(conn)
        end
        """);

    [Fact]
    public Task A_throwing_callback_is_answered_with_the_default_reply() => AssertScriptPassesAsync("""
        local conn = open()
        check(mt.mailfrom(conn, "<throw@example.com>") == nil, "mail")
        reply(conn, SMFIR_TEMPFAIL, "mail answered default tempfail")
        check(mt.abort(conn) == nil, "abort")
        check(mt.mailfrom(conn, "<sender@example.com>") == nil, "mail again")
        reply(conn, SMFIR_CONTINUE, "same connection still works")
        check(mt.header(conn, "X-Throw", "yes") == nil, "header")
        reply(conn, SMFIR_TEMPFAIL, "header answered default tempfail")
        check(mt.header(conn, "Subject", "throw add") == nil, "subject")
        check(mt.eom(conn) == nil, "eom")
        reply(conn, SMFIR_TEMPFAIL, "eom answered default tempfail")
        check(not mt.eom_check(conn, MT_HDRADD), "no partial modification sent")
        mt.disconnect(conn)
        """);

    [Fact]
    public Task No_reply_flags_and_skip_are_negotiated_and_honoured() => AssertScriptPassesAsync("""
        local conn = open()
        check(mt.test_option(conn, SMFIP_NR_HDR), "no reply to headers negotiated")
        check(mt.test_option(conn, SMFIP_SKIP), "skip negotiated")
        check(mt.test_option(conn, SMFIP_NOUNKNOWN), "unknown left out")
        check(mt.test_action(conn, SMFIF_SETSYMLIST), "macro lists asked for")
        check(mt.mailfrom(conn, "<sender@example.com>") == nil, "mail")
        check(mt.header(conn, "Subject", "echo") == nil, "header without reply")
        check(mt.header(conn, "X-Other", "1") == nil, "second header without reply")
        check(mt.eoh(conn) == nil, "eoh")
        reply(conn, SMFIR_CONTINUE, "eoh continue")
        check(mt.bodystring(conn, "SKIP-REST") == nil, "body")
        reply(conn, SMFIR_SKIP, "body skip")
        check(mt.eom(conn) == nil, "eom")
        check(mt.eom_check(conn, MT_HDRADD, "X-Body", "SKIP-REST"), "body seen")
        mt.disconnect(conn)
        """,
        options =>
        {
            options.Protocol = MilterProtocolFlags.NoReplyHeader | MilterProtocolFlags.Skip | MilterProtocolFlags.NoUnknown;
            options.Macros = new Dictionary<MilterMacroStage, string> { [MilterMacroStage.EndOfMessage] = "i {auth_authen}" };
        });

    [Fact]
    public Task Header_values_keep_their_leading_space_when_hdr_leadspc_is_negotiated() => AssertScriptPassesAsync("""
        local conn = open()
        check(mt.test_option(conn, SMFIP_HDR_LEADSPC), "leading space negotiated")
        check(mt.test_option(conn, SMFIP_NOHELO), "helo left out")
        check(mt.mailfrom(conn, "<sender@example.com>") == nil, "mail")
        -- Like an MTA, miltertest puts the space after the colon back in front of the value.
        check(mt.header(conn, "Subject", "raw") == nil, "header")
        check(mt.eom(conn) == nil, "eom")
        check(mt.eom_check(conn, MT_HDRADD, "X-Raw-Subject", "[ raw] leadspc=True"), "raw value seen")
        mt.disconnect(conn)
        """,
        options => options.Protocol = MilterProtocolFlags.HeaderLeadingSpace | MilterProtocolFlags.NoHelo);
}
