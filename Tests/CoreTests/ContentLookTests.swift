import GooseAuditTestSupport
import Testing

@testable import GooseAuditCore

/// The content look of classification works on the bytes of a file's head: whether it mentions goose is asked of
/// the bytes (eight at a time), and the text is decoded only for YAML and JSON. Same answers as the text form.
struct ContentLookTests {
    /// `goose` in any case, one byte at a time: the definition the block search must agree with.
    static func plainMentions(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 5 else { return false }
        return (0...(bytes.count - 5)).contains { start in
            zip(bytes[start..<(start + 5)], "goose".utf8).allSatisfy { $0 | 0x20 == $1 }
        }
    }

    @Test("the eight-byte search finds goose at every offset, in any case, and nothing else")
    func blockSearchAgreesWithThePlainOne() {
        var generator = SeededGenerator(seed: 15)
        let alphabet = Array("gGoOsSeE_-. \n\u{0}".utf8) + [0x47 | 0x80, 0xC3, 0xA9, 0xFF]
        for length in 0..<40 {
            for _ in 0..<200 {
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                let found = bytes.withUnsafeBufferPointer(Classifier.mentionsGoose)
                #expect(found == Self.plainMentions(bytes), "\(bytes)")
            }
        }
        for length in 5..<30 {
            for offset in 0...(length - 5) {
                for word in ["goose", "GOOSE", "gOoSe"] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "g"), count: length)
                    bytes.replaceSubrange(offset..<(offset + 5), with: Array(word.utf8))
                    #expect(bytes.withUnsafeBufferPointer(Classifier.mentionsGoose))
                    bytes[offset + 4] = UInt8(ascii: "x")
                    #expect(bytes.withUnsafeBufferPointer(Classifier.mentionsGoose) == Self.plainMentions(bytes))
                }
            }
        }
    }

    @Test(
        "refining from the head's bytes gives the kind refining from its text gives",
        arguments: [
            ("deploy.sh", "#!/bin/sh\nexec goose run\n"), ("deploy.sh", "#!/bin/sh\nexec go\u{FFFD}se\n"),
            ("run.sh", "echo gooseberry\n"), ("Dockerfile", "FROM x\nRUN g\u{E9}oose\n"), ("values.yml", "extensions:\n  x: 1\n"),
            ("recipe.yaml", "title: t\ninstructions: do\n"), ("k8s.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: {goose: 1}\n"),
            ("notes.json", "{\"a\": 1}"), ("x.yml", "\u{FEFF}GOOSE_MODE: auto\n"),
        ])
    func bytesAndTextAgree(_ name: String, _ text: String) {
        let kind = Classifier.classify(relativePath: name, role: .path, type: .regular)
        #expect(Classifier.needsContentLook(kind, name: name))
        let content = FileContent(bytes: Array(text.utf8), truncated: false)
        let fromBytes = Classifier.refineByContent(kind, name: name, bytes: content.bytes) { Substring(content.text) }
        #expect(fromBytes == Classifier.refineByContent(kind, name: name, text: Substring(content.text)))
    }

    @Test("invalid UTF-8 next to the word changes neither answer")
    func invalidBytesBesideTheWord() {
        for bytes in [[0xFF] + Array("goose".utf8) + [0xC3], Array("goo".utf8) + [0xC3] + Array("se".utf8)] {
            let content = FileContent(bytes: bytes, truncated: false)
            let fromBytes = Classifier.refineByContent(.otherFile, name: "x.sh", bytes: content.bytes) { Substring(content.text) }
            #expect(fromBytes == Classifier.refineByContent(.otherFile, name: "x.sh", text: Substring(content.text)))
            #expect(Classifier.mentionsGoose(Substring(content.text)) == Self.plainMentions(bytes))
        }
    }
}
