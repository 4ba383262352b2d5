import CACL

/// Open flags Glibc's Swift overlay does not export.
public enum OpenFlags {
    /// `O_PATH`: a descriptor that names an inode without opening it for reading or writing.
    public static var path: Int32 { cacl_o_path() }
}
