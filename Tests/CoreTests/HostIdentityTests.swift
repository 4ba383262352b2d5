import Foundation
import GooseAuditCore
import Testing

struct HostIdentityTests {
    @Test func hostIDIsStableAndDoesNotShowTheMachineID() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("host-id-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let machineID = directory.appendingPathComponent("machine-id")
        try "0123456789abcdef0123456789abcdef\n".write(to: machineID, atomically: true, encoding: .utf8)

        let first = HostIdentity.current(machineIDPath: machineID.path)
        let second = HostIdentity.current(machineIDPath: machineID.path)
        #expect(first.hostID == second.hostID)
        #expect(first.hostID.count == 32)
        #expect(!first.hostID.contains("0123456789abcdef"))

        try "fedcba9876543210fedcba9876543210\n".write(to: machineID, atomically: true, encoding: .utf8)
        #expect(HostIdentity.current(machineIDPath: machineID.path).hostID != first.hostID)
    }

    @Test func namesTheUserAndTheSystem() {
        let identity = HostIdentity.current(machineIDPath: "/nonexistent/machine-id")
        #expect(identity.uid == getuid())
        #expect(!identity.user.isEmpty)
        #expect(identity.operatingSystem.hasPrefix("Linux"))
        #expect(identity.hostID.count == 32)
    }
}
