/// Drafting the joint report (contract §5): who may write which section, keys bound to the
/// version read, brackets that block signatures, and a final text that no one can change.
///
/// Parity: a side's section is written by that side only; joint sections by the co-chairs
/// and the neutral facilitator; anyone who speaks for a side may suggest on any section,
/// and an editor of that section applies or dismisses the suggestion. Signatures are the
/// co-chairs'; removal, like closing the session, needs both of them or the facilitator.
extension SessionState {
    static let maxSectionLength = 50_000
    static let maxSections = 200
    static let maxPendingSuggestions = 1000

    func decideSeedReport(_ caller: Caller, _ batch: inout EventBatch) throws(Refusal) {
        try requireDraftModerator(caller, "seed the report")
        try requireDrafting()
        try require(report.sections.isEmpty, .conflict, "the draft already has sections: seed only an empty draft")
        let sections = ReportSeed(self).sections.enumerated().map { index, seeded in
            SectionContent(
                id: report.nextSectionID(offset: index), title: seeded.title, owner: seeded.owner, text: seeded.text)
        }
        batch.append(.reportSeeded(.init(sections: sections, by: caller.principal)))
    }

    func decideAddSection(
        _ title: String, _ owner: SectionOwner, _ after: SectionID?, _ text: String?, _ caller: Caller,
        _ batch: inout EventBatch
    ) throws(Refusal) {
        try requireDraftModerator(caller, "add sections")
        try requireDrafting()
        try requireVoice(caller, at: batch.at)
        if case .side(let side) = owner {
            try require(spec.side(side) != nil, .invalid, "owner is 'joint' or a side id, not '\(side)'")
            try require(
                caller.isFacilitator || caller.side == side, .forbidden,
                "a co-chair adds joint sections and their own side's only")
        }
        try require(
            report.sections.count < Self.maxSections, .invalid, "a draft has at most \(Self.maxSections) sections")
        let title = try checkedSectionTitle(title)
        let text = try checkedSectionText(text ?? "")
        if case .side = owner, caller.isFacilitator {
            try require(text.isEmpty, .forbidden, "the facilitator is neutral and writes no side's text")
        }
        let after = try after.map { id throws(Refusal) in try section(id).id } ?? report.sections.last?.id
        let content = SectionContent(id: report.nextSectionID(), title: title, owner: owner, text: text)
        batch.append(.sectionAdded(.init(section: content, after: after, by: caller.principal)))
    }

    func decideEditSection(
        _ id: SectionID, _ version: Int, _ text: String, _ title: String?, _ caller: Caller,
        _ batch: inout EventBatch
    ) throws(Refusal) {
        try requireDrafting()
        let section = try section(id)
        try requireEditor(of: section, caller)
        try requireVoice(caller, at: batch.at)
        try requireCurrent(section, version)
        let text = try checkedSectionText(text)
        let title = try title.map { t throws(Refusal) in try checkedSectionTitle(t) } ?? section.title
        try require(text != section.text || title != section.title, .invalid, "the text and title are unchanged")
        batch.append(.sectionEdited(edit(section, title: title, text: text, caller, suggestion: nil)))
    }

    func decideSuggest(
        _ id: SectionID, _ version: Int, _ text: String, _ note: String?, _ caller: Caller, _ batch: inout EventBatch
    ) throws(Refusal) {
        guard let author = caller.participant, author.role.speaksForSide else {
            throw Refusal(.forbidden, "co-chairs and members suggest")
        }
        try requireDrafting()
        let section = try section(id)
        try requireVoice(caller, at: batch.at)
        try requireCurrent(section, version)
        let text = try checkedSectionText(text)
        try require(text != section.text, .invalid, "the suggestion is the section's text as it stands")
        let note = try checkedReason(note, required: false)
        if let note { try requireNoHeldTerm(note, "the note") }
        try require(
            report.pendingSuggestions.count < Self.maxPendingSuggestions, .invalid,
            "at most \(Self.maxPendingSuggestions) suggestions may wait at once")
        batch.append(
            .suggested(
                .init(
                    suggestion: batch.nextSeq, section: id, version: version, text: text, note: note, by: author.id,
                    side: author.side)))
    }

    func decideApplySuggestion(_ id: Seq, _ caller: Caller, _ batch: inout EventBatch) throws(Refusal) {
        try requireDrafting()
        let suggestion = try pendingSuggestion(id)
        let section = try section(suggestion.section)
        try requireEditor(of: section, caller)
        try requireVoice(caller, at: batch.at)
        try require(
            suggestion.version == section.version, .conflict,
            "section \(section.id) is at version \(section.version); suggestion \(id) was made on version \(suggestion.version)"
        )
        // The rules may have gained a held term since the suggestion was made.
        let text = try checkedSectionText(suggestion.text)
        batch.append(.suggestionApplied(.init(suggestion: id, section: section.id, by: caller.principal)))
        batch.append(.sectionEdited(edit(section, title: section.title, text: text, caller, suggestion: id)))
    }

    func decideDismissSuggestion(_ id: Seq, _ reason: String?, _ caller: Caller, _ batch: inout EventBatch)
        throws(Refusal)
    {
        try requireDrafting()
        let suggestion = try pendingSuggestion(id)
        let section = try section(suggestion.section)
        try requireEditor(of: section, caller)
        let reason = try checkedReason(reason, required: false)
        if let reason { try requireNoHeldTerm(reason, "the reason") }
        batch.append(
            .suggestionDismissed(
                .init(suggestion: id, section: section.id, by: caller.principal, reason: reason)))
    }

    func decideSignSection(_ id: SectionID, _ version: Int, _ caller: Caller, _ batch: inout EventBatch)
        throws(Refusal)
    {
        let side = try cochairSide(caller, "sign sections")
        try requireDrafting()
        let section = try section(id)
        try requireCurrent(section, version)
        try require(
            section.brackets == 0, .invalid,
            "section \(id) still holds \(section.brackets) bracket\(section.brackets == 1 ? "" : "s"): agree the text before signing"
        )
        try require(
            section.signatures[side] != section.version, .conflict, "your side already signed version \(version)")
        batch.append(.sectionSigned(.init(section: id, version: version, side: side, by: caller.principal)))
    }

    func decideWithdrawSignature(_ id: SectionID, _ caller: Caller, _ batch: inout EventBatch) throws(Refusal) {
        let side = try cochairSide(caller, "withdraw signatures")
        try requireDrafting()
        let section = try section(id)
        try require(
            section.signatures[side] == section.version, .conflict,
            "your side has not signed the current version of section \(id)")
        batch.append(
            .signatureWithdrawn(.init(section: id, version: section.version, side: side, by: caller.principal)))
    }

    func decideMoveSection(_ id: SectionID, _ after: SectionID?, _ caller: Caller, _ batch: inout EventBatch)
        throws(Refusal)
    {
        try requireDraftModerator(caller, "move sections")
        try requireDrafting()
        let section = try section(id)
        if let after {
            try require(after != id, .invalid, "a section cannot follow itself")
            _ = try self.section(after)
        }
        let index = report.sections.firstIndex { $0.id == section.id }!
        let current = index == 0 ? nil : report.sections[index - 1].id
        try require(current != after, .conflict, "section \(id) is already there")
        batch.append(.sectionMoved(.init(section: id, after: after, by: caller.principal)))
    }

    /// The facilitator removes at once; co-chairs remove together.
    func decideRemoveSection(_ id: SectionID, _ caller: Caller, _ batch: inout EventBatch) throws(Refusal) {
        try requireDraftModerator(caller, "remove sections")
        try requireDrafting()
        let section = try section(id)
        if caller.isFacilitator {
            batch.append(.sectionRemoved(.init(section: id, by: caller.principal)))
            return
        }
        let side = try cochairSide(caller, "remove sections")
        try require(!section.removalRequests.contains(side), .conflict, "your side already asked to remove \(id)")
        batch.append(.sectionRemovalRequested(.init(section: id, side: side, by: caller.principal)))
        if spec.sides.allSatisfy({ $0.id == side || section.removalRequests.contains($0.id) }) {
            batch.append(.sectionRemoved(.init(section: id, by: caller.principal)))
        }
    }

    func decideFinalizeReport(_ caller: Caller, _ batch: inout EventBatch) throws(Refusal) {
        try requireDraftModerator(caller, "finalise the report")
        try requireDrafting()
        try require(!report.sections.isEmpty, .invalid, "the draft has no section to finalise")
        let unsigned = report.sections.filter { !$0.isSignedByBoth(spec.sides) }.map(\.id.rawValue)
        try require(
            unsigned.isEmpty, .conflict,
            "every section needs both co-chairs' signatures on its current version; not yet: \(unsigned.joined(separator: ", "))"
        )
        let date = spec.report?.date ?? batch.at.monthAndYear
        let signed = report.sections.map {
            EventBody.ReportFinalized.SignedSection(id: $0.id, version: $0.version, sha256: SHA256Digest.hex($0.text))
        }
        batch.append(.reportFinalized(.init(by: caller.principal, date: date, sections: signed)))
    }

    // MARK: Checks

    private func requireDrafting() throws(Refusal) {
        try require(report.state == .drafting, .closed, "the report is final: its text can no longer change")
    }

    private func requireDraftModerator(_ caller: Caller, _ action: String) throws(Refusal) {
        try require(
            caller.isFacilitator || caller.isCochair, .forbidden, "only the facilitator and co-chairs \(action)")
    }

    private func requireVoice(_ caller: Caller, at now: Instant) throws(Refusal) {
        if let id = caller.participant?.id { try require(!isMuted(id, at: now), .muted, "you are muted") }
    }

    private func cochairSide(_ caller: Caller, _ action: String) throws(Refusal) -> SideID {
        guard caller.isCochair, let side = caller.side else { throw Refusal(.forbidden, "only co-chairs \(action)") }
        return side
    }

    /// A joint section: the facilitator and co-chairs; a side's: that side's co-chair and members.
    func mayEdit(_ section: ReportSection, _ caller: Caller) -> Bool {
        switch section.owner {
        case .joint: caller.isFacilitator || caller.isCochair
        case .side(let side): caller.role?.speaksForSide == true && caller.side == side
        }
    }

    private func requireEditor(of section: ReportSection, _ caller: Caller) throws(Refusal) {
        guard !mayEdit(section, caller) else { return }
        switch section.owner {
        case .joint: throw Refusal(.forbidden, "joint sections are edited by the co-chairs and the facilitator")
        case .side(let side):
            let name = spec.side(side)?.name ?? side.rawValue
            throw Refusal(.forbidden, "section \(section.id) is \(name)'s: only its co-chair and members edit it")
        }
    }

    private func requireCurrent(_ section: ReportSection, _ version: Int) throws(Refusal) {
        try require(
            section.version == version, .conflict,
            "section \(section.id) is at version \(section.version), not \(version)")
    }

    private func section(_ id: SectionID) throws(Refusal) -> ReportSection {
        guard let section = report.section(id) else { throw Refusal(.notFound, "no section \(id)") }
        return section
    }

    private func pendingSuggestion(_ id: Seq) throws(Refusal) -> Suggestion {
        guard let suggestion = report.suggestions[id] else { throw Refusal(.notFound, "no suggestion \(id)") }
        switch suggestion.status {
        case .pending: return suggestion
        case .applied: throw Refusal(.conflict, "suggestion \(id) was already applied")
        case .dismissed: throw Refusal(.conflict, "suggestion \(id) was dismissed")
        }
    }

    /// A section text as stored: LF line breaks, no other control character, within the
    /// limit, brackets that parse, no held term.
    func checkedSectionText(_ text: String) throws(Refusal) -> String {
        let text = text.normalizedLineBreaks
        try require(
            text.isMultilineText, .invalid, "a section text holds no control characters but line breaks and tabs")
        try require(
            text.count <= Self.maxSectionLength, .tooLong,
            "a section text is longer than \(Self.maxSectionLength) characters")
        _ = try Brackets.parse(text)
        try requireNoHeldTerm(text, "the text")
        return text
    }

    private func checkedSectionTitle(_ title: String) throws(Refusal) -> String {
        let title = String(title.trimmed)
        try require(!title.isEmpty, .invalid, "a section needs a title")
        try require(title.isSingleLine, .invalid, "a title is one line without control characters")
        try require(
            title.count <= SessionSpec.maxTitleLength, .tooLong,
            "a title is longer than \(SessionSpec.maxTitleLength) characters")
        try requireNoHeldTerm(title, "the title")
        return title
    }

    private func requireNoHeldTerm(_ text: String, _ field: String) throws(Refusal) {
        let terms = HeldTermMatcher(terms: rules.heldTerms).matches(in: text)
        try require(
            terms.isEmpty, .invalid,
            "\(field) holds the held term \(terms.map { "'\($0)'" }.joined(separator: ", ")): a draft never holds one")
    }

    private func edit(
        _ section: ReportSection, title: String, text: String, _ caller: Caller, suggestion: Seq?
    ) -> EventBody.SectionEdited {
        EventBody.SectionEdited(
            section: section.id, version: section.version + 1, replaced: section.version, title: title, text: text,
            by: caller.principal, cleared: section.signedBy(spec.sides), suggestion: suggestion)
    }
}
