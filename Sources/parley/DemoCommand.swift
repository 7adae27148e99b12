import ArgumentParser
import ParleyCore
import ParleyDemo
import ParleyEngine
import ParleyServer

/// `parley demo`: serve, with a new demo session, and print one join link per participant.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Serve with a demo session and print its join links.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await ServerRunner.run(options) { registry in
            let session = try await registry.create(DemoSession.spec)
            var invitations: [(String, String)] = []
            for person in DemoSession.cast {
                let token = Invitation.makeToken()
                _ = try await session.submit(
                    .addParticipant(
                        NewParticipant(
                            name: person.name, role: person.role, side: person.side,
                            credential: Invitation.credential(for: token))),
                    by: .admin
                ).get()
                let label = [person.role.rawValue, person.side?.rawValue].compactMap { $0 }.joined(separator: ", ")
                invitations.append(("\(person.name) (\(label))", "/s/\(session.id.rawValue)#\(token)"))
            }
            try await DemoScript.play { command, principal in
                try await session.submit(command, by: principal).get().first?.seq ?? 0
            }
            let links = invitations
            return { base in
                ["demo session \(session.id.rawValue): \(DemoSession.spec.title)"]
                    + links.map { "  \($0.0): \(base)\($0.1)" }
            }
        }
    }
}
