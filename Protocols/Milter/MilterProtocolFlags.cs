namespace Sift.Protocols.Milter;

/// <summary>
/// Protocol steps (libmilter's <c>SMFIP_*</c>), the third field of option negotiation: which
/// stages the MTA may leave out (<c>NO*</c>), for which stages the milter sends no reply
/// (<c>NR_*</c>), and a few behaviours (skip, rejected recipients, header leading space,
/// larger chunks).
/// </summary>
[Flags]
public enum MilterProtocolFlags : uint
{
    /// <summary>Every stage is sent and answered.</summary>
    None = 0,
    /// <summary><c>SMFIP_NOCONNECT</c>: do not send connect.</summary>
    NoConnect = 0x1,
    /// <summary><c>SMFIP_NOHELO</c>: do not send HELO.</summary>
    NoHelo = 0x2,
    /// <summary><c>SMFIP_NOMAIL</c>: do not send MAIL FROM.</summary>
    NoMail = 0x4,
    /// <summary><c>SMFIP_NORCPT</c>: do not send RCPT TO.</summary>
    NoRcpt = 0x8,
    /// <summary><c>SMFIP_NOBODY</c>: do not send body chunks.</summary>
    NoBody = 0x10,
    /// <summary><c>SMFIP_NOHDRS</c>: do not send headers.</summary>
    NoHeaders = 0x20,
    /// <summary><c>SMFIP_NOEOH</c>: do not send end of headers.</summary>
    NoEndOfHeaders = 0x40,
    /// <summary><c>SMFIP_NR_HDR</c> (also <c>SMFIP_NOHREPL</c>): no reply to headers.</summary>
    NoReplyHeader = 0x80,
    /// <summary><c>SMFIP_NOUNKNOWN</c>: do not send unknown commands.</summary>
    NoUnknown = 0x100,
    /// <summary><c>SMFIP_NODATA</c>: do not send DATA.</summary>
    NoData = 0x200,
    /// <summary><c>SMFIP_SKIP</c>: the MTA understands <c>SMFIR_SKIP</c>.</summary>
    Skip = 0x400,
    /// <summary><c>SMFIP_RCPT_REJ</c>: also send recipients the MTA rejected.</summary>
    RcptRejected = 0x800,
    /// <summary><c>SMFIP_NR_CONN</c>: no reply to connect.</summary>
    NoReplyConnect = 0x1000,
    /// <summary><c>SMFIP_NR_HELO</c>: no reply to HELO.</summary>
    NoReplyHelo = 0x2000,
    /// <summary><c>SMFIP_NR_MAIL</c>: no reply to MAIL FROM.</summary>
    NoReplyMail = 0x4000,
    /// <summary><c>SMFIP_NR_RCPT</c>: no reply to RCPT TO.</summary>
    NoReplyRcpt = 0x8000,
    /// <summary><c>SMFIP_NR_DATA</c>: no reply to DATA.</summary>
    NoReplyData = 0x10000,
    /// <summary><c>SMFIP_NR_UNKN</c>: no reply to unknown commands.</summary>
    NoReplyUnknown = 0x20000,
    /// <summary><c>SMFIP_NR_EOH</c>: no reply to end of headers.</summary>
    NoReplyEndOfHeaders = 0x40000,
    /// <summary><c>SMFIP_NR_BODY</c>: no reply to body chunks.</summary>
    NoReplyBody = 0x80000,
    /// <summary><c>SMFIP_HDR_LEADSPC</c>: header values keep their leading space, both ways.</summary>
    HeaderLeadingSpace = 0x100000,
    /// <summary><c>SMFIP_MDS_256K</c>: packets up to 256 KiB.</summary>
    MaxDataSize256K = 0x10000000,
    /// <summary><c>SMFIP_MDS_1M</c>: packets up to 1 MiB.</summary>
    MaxDataSize1M = 0x20000000,
}
