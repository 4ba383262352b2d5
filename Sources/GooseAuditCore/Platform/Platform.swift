// goose-audit builds and is tested on Linux only (glibc, libacl, O_PATH, /proc).
//
// The platform seam: the Linux system calls live in
//   Model/FileMetadata.swift        lstat/fstatat and the file types
//   Filesystem/ACLReader.swift, Filesystem/AccessControlList.swift, Filesystem/Exposure.swift   POSIX ACLs through
//                                   libacl (CACL), read and written (Hardening uses ACLReader/ACLWriter too)
//   Filesystem/OpenFlags.swift      O_PATH
//   Discovery/Walker.swift, Discovery/ContentReader.swift           directory listing and O_PATH/O_NOFOLLOW reads
//   Discovery/ReadLedger.swift      ContentReader.openForReading, the one open(2) of scanned files
//   Pipeline/SafeFileWriter.swift   descriptor-based writes
//   Model/HostIdentity.swift        /etc/machine-id and uname
// A macOS backend goes into one folder, Sources/GooseAuditCore/Platform/Darwin/, implementing those same
// entry points (docs/architecture.md, "Platforms"); until it exists, other systems stop here with a clear
// message instead of failing deep inside a C module.
#if !os(Linux)
    #error("goose-audit supports Linux only; a macOS backend belongs in Sources/GooseAuditCore/Platform/Darwin (see docs/architecture.md)")
#endif
