namespace Sift.Protocols.Rspamd;

/// <summary>The action rspamd recommends, in rising severity.</summary>
public enum RspamdAction
{
    /// <summary><c>no action</c>: deliver.</summary>
    NoAction,
    /// <summary><c>greylist</c>: tempfail once, accept a retry.</summary>
    Greylist,
    /// <summary><c>add header</c>: deliver, marked as spam.</summary>
    AddHeader,
    /// <summary><c>rewrite subject</c>: deliver with a marked subject.</summary>
    RewriteSubject,
    /// <summary><c>soft reject</c>: tempfail (also what rspamd says when it could not decide).</summary>
    SoftReject,
    /// <summary><c>reject</c>: refuse permanently.</summary>
    Reject,
    /// <summary>An action name this client does not know (kept raw in <see cref="RspamdResult.ActionName"/>).</summary>
    Unknown,
}

/// <summary>Wire names of <see cref="RspamdAction"/>.</summary>
public static class RspamdActions
{
    /// <summary>Reads rspamd's action name (<c>"add header"</c>); unknown names give <see cref="RspamdAction.Unknown"/>.</summary>
    public static RspamdAction Parse(string? name) => name switch
    {
        "no action" => RspamdAction.NoAction,
        "greylist" => RspamdAction.Greylist,
        "add header" or "add_header" => RspamdAction.AddHeader,
        "rewrite subject" or "rewrite_subject" => RspamdAction.RewriteSubject,
        "soft reject" or "soft_reject" => RspamdAction.SoftReject,
        "reject" => RspamdAction.Reject,
        _ => RspamdAction.Unknown,
    };

    /// <summary>rspamd's name for <paramref name="action"/>.</summary>
    public static string ToName(this RspamdAction action) => action switch
    {
        RspamdAction.NoAction => "no action",
        RspamdAction.Greylist => "greylist",
        RspamdAction.AddHeader => "add header",
        RspamdAction.RewriteSubject => "rewrite subject",
        RspamdAction.SoftReject => "soft reject",
        RspamdAction.Reject => "reject",
        _ => "unknown",
    };
}
