namespace Casparian.Native.Posix;

/// <summary>What a directory entry is, as readdir(3) reports it in <c>d_type</c> (the DT_* values), without a stat.</summary>
public enum DirectoryEntryKind : byte
{
    /// <summary>The file system did not say (DT_UNKNOWN); the caller must stat the entry to know.</summary>
    Unknown = 0,

    /// <summary>A named pipe (DT_FIFO).</summary>
    Fifo = 1,

    /// <summary>A character device (DT_CHR).</summary>
    CharacterDevice = 2,

    /// <summary>A directory (DT_DIR).</summary>
    Directory = 4,

    /// <summary>A block device (DT_BLK).</summary>
    BlockDevice = 6,

    /// <summary>A regular file (DT_REG).</summary>
    RegularFile = 8,

    /// <summary>A symbolic link (DT_LNK), not followed.</summary>
    SymbolicLink = 10,

    /// <summary>A Unix socket (DT_SOCK).</summary>
    Socket = 12,
}
