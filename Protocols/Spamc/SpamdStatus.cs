namespace Sift.Protocols.Spamc;

/// <summary>
/// The exit codes spamd puts on its status line (<c>SPAMD/1.1 0 EX_OK</c>); they are the
/// BSD <c>sysexits.h</c> values.
/// </summary>
public enum SpamdStatus
{
    /// <summary>0: the request was served.</summary>
    Ok = 0,
    /// <summary>64: command line usage error.</summary>
    Usage = 64,
    /// <summary>65: the message could not be parsed.</summary>
    DataError = 65,
    /// <summary>66: cannot open input.</summary>
    NoInput = 66,
    /// <summary>67: the user is unknown to spamd.</summary>
    NoUser = 67,
    /// <summary>68: host name unknown.</summary>
    NoHost = 68,
    /// <summary>69: service unavailable.</summary>
    Unavailable = 69,
    /// <summary>70: internal software error.</summary>
    Software = 70,
    /// <summary>71: system error.</summary>
    OsError = 71,
    /// <summary>72: critical OS file missing.</summary>
    OsFile = 72,
    /// <summary>73: cannot create output.</summary>
    CantCreate = 73,
    /// <summary>74: input/output error (e.g. the body was shorter than Content-length).</summary>
    IoError = 74,
    /// <summary>75: temporary failure, try again.</summary>
    TempFail = 75,
    /// <summary>76: protocol error (an unknown verb, a bad header line).</summary>
    Protocol = 76,
    /// <summary>77: permission denied.</summary>
    NoPermission = 77,
    /// <summary>78: configuration error.</summary>
    Config = 78,
    /// <summary>79: read timeout.</summary>
    Timeout = 79,
}
