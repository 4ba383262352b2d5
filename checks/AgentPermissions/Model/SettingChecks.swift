/// Checks on the effective value of goose settings (config layers and environment), one file each;
/// this namespace holds what they share.
enum SettingChecks {
    static let docs = "https://block.github.io/goose/docs/guides/config-files"
}
