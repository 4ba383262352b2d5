import GooseAuditCore
import StructuredText

/// Container images a workflow names, and whether a reference follows a moving tag. The generic
/// pinning check reports job containers and services; goose's own images belong to
/// `workflow_goose_install_unpinned`, so that one image on one line is reported once.
extension WorkflowModule {
    /// The moving tag an image reference follows: `latest`, or none (the registry's default, `latest`).
    enum MovingTag {
        case latest
        case untagged
    }

    /// The moving tag `image` follows; nil when it is pinned by digest or names another tag. The tag
    /// is looked for in the last path component only (`localhost:5000/goose` has none).
    static func movingTag(_ image: some StringProtocol) -> MovingTag? {
        guard !image.contains("@sha256:") else { return nil }
        let name = String(image.split(separator: "/").last ?? "")
        guard name.contains(":") else { return .untagged }
        return name.split(separator: ":").last == "latest" ? .latest : nil
    }

    /// Job `container` and `services` images, with their key paths.
    static func containerImages(_ workflow: Workflow) -> [(Node, KeyPath)] {
        workflow.jobs.flatMap { job -> [(Node, KeyPath)] in
            var images: [(Node, KeyPath)] = []
            let container = job.path.appending(.key("container"))
            if let node = job.node["container"] {
                if node.string != nil { images.append((node, container)) }
                if let image = node["image"] { images.append((image, container.appending(.key("image")))) }
            }
            for service in job.node["services"]?.pairs ?? [] {
                guard let image = service.value["image"] else { continue }
                images.append((image, job.path.appending(.key("services")).appending(.key(service.key.value)).appending(.key("image"))))
            }
            return images
        }
    }

    /// Images of jobs: job containers and services (GitHub), `image:` of jobs, `default` and the file (GitLab).
    static func jobImages(_ workflow: Workflow) -> [(Node, KeyPath)] {
        guard workflow.isGitLab else { return containerImages(workflow) }
        var images: [(Node, KeyPath)] = []
        if let image = workflow.root["image"] { images.append((image, [.key("image")])) }
        if let image = workflow.root["default"]?["image"] { images.append((image, [.key("default"), .key("image")])) }
        for job in workflow.gitLabJobs {
            if let image = job.node["image"] { images.append((image, job.path.appending(.key("image")))) }
        }
        return images
    }
}
