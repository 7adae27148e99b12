import Foundation
import ParleyCore
import ParleyTestKit

/// A fixed session with every kind of thing an export must handle: positions and comments
/// of both sides, adopted and unadopted proposals, a recommendation with options, an
/// amendment, a redaction, held text approved and rejected, chat, text in Armenian,
/// Azerbaijani, Greek and Turkish, and Markdown and HTML special characters.
enum ReportFixture {
    static let rejectedText = "This traitor text must never appear"
    static let redactedText = "Personal phone +374 00 000000 must never appear"
    static let unicode = [
        "Հայաստանը և Ադրբեջանը", "Azərbaycan və Ermənistan", "Ελλάδα και Τουρκία", "İzmir ılık, Iğdır soğuk",
    ]
    static let special =
        "Use *stars*, _under_, [link](http://x), <script>alert(1)</script> & \"quotes\" # not a heading"

    static func journal() throws -> [Event] {
        var dialogue = try Dialogue(rules: .with { $0.heldTerms = ["traitor", "secret"] })
        func step(_ seconds: Int = 7) { dialogue.advance(seconds: seconds) }
        let amPosition = try dialogue.post("the treaty must be signed first. " + unicode[0], by: Dialogue.memberAM)
        step()
        let azPosition = try dialogue.post("the constitution must change first. " + unicode[1], by: Dialogue.memberAZ)
        step()
        try dialogue.post(
            "agrees that trust is fragile. " + unicode[2], kind: .comment, by: Dialogue.cochairAZ, replyTo: amPosition)
        step()
        try dialogue.post(
            "questions the timeline. " + unicode[3], kind: .comment, by: Dialogue.cochairAM, replyTo: azPosition)
        step()
        let proposal = try dialogue.post("both delegations meet monthly", kind: .proposal, by: Dialogue.cochairAM)
        step()
        try dialogue.run(
            .amend(contribution: proposal, text: "both delegations meet every month"), by: Dialogue.cochairAM)
        step()
        try dialogue.run(
            .endorse(contribution: proposal, version: dialogue.version(of: proposal)), by: Dialogue.cochairAZ)
        step()
        let recommendation = try dialogue.run(
            .post(
                Post(
                    item: "regional", kind: .recommendation, text: "To open communications, options include:",
                    options: ["open the railway", "open the roads", "a joint customs post"])), by: Dialogue.cochairAZ)[
                0
            ].seq
        step()
        try dialogue.run(
            .endorse(contribution: recommendation, version: dialogue.version(of: recommendation)),
            by: Dialogue.cochairAM)
        step()
        try dialogue.post("a joint historians' platform", kind: .proposal, item: "regional", by: Dialogue.memberAZ)
        step()
        try dialogue.post(special, item: "regional", by: Dialogue.memberAM)
        step()
        let redacted = try dialogue.post(redactedText, kind: .chat, by: Dialogue.memberAZ)
        try dialogue.run(.redact(contribution: redacted, reason: "personal data"), by: Dialogue.cochairAZ)
        step()
        let rejected = try dialogue.post(rejectedText, by: Dialogue.memberAM)
        try dialogue.run(
            .reject(contribution: rejected, version: dialogue.version(of: rejected), reason: "insult"),
            by: Dialogue.facilitator)
        step()
        let approved = try dialogue.post(
            "a secret ballot on the text", kind: .comment, item: "regional", by: Dialogue.memberAZ)
        try dialogue.run(
            .approve(contribution: approved, version: dialogue.version(of: approved)), by: Dialogue.cochairAM)
        step()
        try dialogue.post("Welcome, everyone.", kind: .chat, by: Dialogue.facilitator)
        try dialogue.post("the pending secret stays pending", item: "regional", by: Dialogue.memberAM)
        return dialogue.journal
    }
}

extension ReportFixture {
    /// `journal()` drafted on: seeded, the introduction edited with a bracket, a member's
    /// suggestion applied, a side's own section, signatures; final when `finalized`.
    static func draftedJournal(finalized: Bool) throws -> [Event] {
        let journal = try journal()
        var state = try SessionState.fold(journal)
        var events = journal
        var now = journal.last!.at
        func run(_ command: Command, _ principal: Principal) throws -> Seq {
            now = now.adding(seconds: 30)
            let decided = try state.execute(command, by: principal, at: now)
            events += decided
            return decided[0].seq
        }
        _ = try run(.seedReport, Dialogue.cochairAM)
        _ = try run(
            .editSection(
                "s1", version: 1, text: "Both delegations [[shall // should]] meet every month.\n\nA second paragraph.",
                title: nil), Dialogue.cochairAZ)
        _ = try run(
            .addSection(
                title: "Հայաստանի տեսակետը", owner: .side("am"), after: "s3",
                text: "## The railway\n\nWe see the railway first:\n- a) Gyumri–Kars\n- b) Yeraskh"), Dialogue.cochairAM
        )
        let suggestion = try run(
            .suggest(
                "s1", version: 2, text: "Both delegations shall meet every month.\n\nA second paragraph.", note: nil),
            Dialogue.memberAM)
        _ = try run(.applySuggestion(suggestion), Dialogue.cochairAZ)
        let pending = try run(.suggest("s2", version: 1, text: "Shorter.", note: "too long"), Dialogue.memberAZ)
        _ = try run(.dismissSuggestion(pending, reason: "keep it"), Dialogue.cochairAM)
        for section in state.report.sections where section.id != "s2" || finalized {
            _ = try run(.signSection(section.id, version: section.version), Dialogue.cochairAM)
            _ = try run(.signSection(section.id, version: section.version), Dialogue.cochairAZ)
        }
        if finalized { _ = try run(.finalizeReport, Dialogue.facilitator) }
        return events
    }
}
