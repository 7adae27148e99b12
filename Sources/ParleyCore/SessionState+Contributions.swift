/// Posting, amending and endorsing: how words enter the record and become joint text.
extension SessionState {
    static let maxOptions = 26

    func decidePost(_ post: Post, _ caller: Issuer, _ batch: inout EventBatch) throws(Refusal) {
        guard let author = caller.participant, author.role != .observer else {
            throw Refusal(.forbidden, "only co-chairs, members and the facilitator post")
        }
        try require(
            author.role.speaksForSide || post.kind == .chat, .forbidden,
            "the facilitator is neutral and posts chat only")
        let item = try item(post.item)
        try require(isOpen(item), .closed, "agenda item '\(item)' is closed")
        try require(!isMuted(author.id, at: batch.at), .muted, "you are muted")
        if rules.floor == .queue && post.kind != .chat {
            try require(floorHolder == author.id, .forbidden, "wait for the floor: raise your hand")
        }
        if rules.slowModeSeconds > 0, let last = lastPostAt[author.id] {
            let allowedAt = last.adding(seconds: rules.slowModeSeconds)
            try require(
                batch.at >= allowedAt, .rateLimited,
                "slow mode: wait \(rules.slowModeSeconds) seconds between posts")
        }
        try checkedText(post.text)
        if let options = post.options {
            try require(post.kind == .recommendation, .invalid, "only recommendations have options")
            try require(
                (1...Self.maxOptions).contains(options.count), .invalid,
                "a recommendation has 1 to \(Self.maxOptions) options")
            for option in options { try checkedText(option, field: "each option") }
        }
        if let replyTo = post.replyTo {
            let original = try visibleContribution(replyTo, to: caller)
            try require(original.item == item, .invalid, "a reply stays on the item of what it answers")
        }
        let heldTerms = HeldTermMatcher(terms: rules.heldTerms).matches(
            in: post.text + "\n" + (post.options ?? []).joined(separator: "\n"))
        let id = batch.nextSeq
        batch.append(
            .contributed(
                .init(
                    contribution: id, author: author.id, side: author.side, item: item, kind: post.kind,
                    text: post.text, replyTo: post.replyTo, options: post.options,
                    held: heldTerms.isEmpty ? nil : true)))
        if !heldTerms.isEmpty {
            batch.append(.held(.init(contribution: id, author: author.id, terms: heldTerms)))
        } else if post.kind.needsEndorsement, author.role == .cochair, let side = author.side {
            // A co-chair's own proposal counts as their side's endorsement.
            batch.append(.endorsed(.init(contribution: id, side: side, by: caller.principal, version: 1)))
        }
    }

    func decideAmend(_ id: ContributionID, _ text: String, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        let contribution = try visibleContribution(id, to: caller)
        try require(contribution.author == caller.participant?.id, .forbidden, "only the author amends")
        try require(contribution.redaction == nil, .conflict, "contribution \(id) was redacted")
        try require(contribution.moderation != .rejected, .conflict, "contribution \(id) was rejected")
        try require(!contribution.adopted, .conflict, "contribution \(id) is adopted; its text is final")
        try require(isOpen(contribution.item), .closed, "agenda item '\(contribution.item)' is closed")
        try require(!isMuted(contribution.author, at: batch.at), .muted, "you are muted")
        let deadline = contribution.postedAt.adding(seconds: rules.editWindowSeconds)
        try require(batch.at <= deadline, .closed, "the edit window of \(rules.editWindowSeconds) seconds has passed")
        try checkedText(text)
        try require(text != contribution.text, .invalid, "the text is unchanged")
        let isHeld = contribution.moderation == .held
        let heldTerms = HeldTermMatcher(terms: rules.heldTerms).matches(in: text)
        try require(
            isHeld || heldTerms.isEmpty, .invalid,
            "an amendment cannot add a held term; post it anew to have it moderated")
        let version = contribution.version + 1
        let cleared = spec.sides.map(\.id).filter { contribution.endorsements[$0] == contribution.version }
        batch.append(
            .amended(
                .init(
                    contribution: id, author: contribution.author, text: text, version: version,
                    held: isHeld ? true : nil, cleared: cleared.isEmpty ? nil : cleared)))
        if !isHeld, contribution.kind.needsEndorsement, caller.isCochair, let side = caller.side {
            batch.append(.endorsed(.init(contribution: id, side: side, by: caller.principal, version: version)))
        }
    }

    func decideEndorse(_ id: ContributionID, _ version: Int, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        guard caller.isCochair, let side = caller.side else {
            throw Refusal(.forbidden, "only co-chairs endorse")
        }
        let contribution = try visibleContribution(id, to: caller)
        try requireCurrent(contribution, version)
        try require(
            contribution.kind.needsEndorsement, .invalid, "only proposals and recommendations are endorsed")
        try require(contribution.moderation == .visible, .conflict, "contribution \(id) is held or rejected")
        try require(contribution.redaction == nil, .conflict, "contribution \(id) was redacted")
        try require(!contribution.adopted, .conflict, "contribution \(id) is already adopted")
        try require(isOpen(contribution.item), .closed, "agenda item '\(contribution.item)' is closed")
        try require(
            contribution.endorsements[side] != contribution.version, .conflict,
            "your side already endorsed this version")
        batch.append(
            .endorsed(.init(contribution: id, side: side, by: caller.principal, version: contribution.version)))
        var endorsed = contribution
        endorsed.endorsements[side] = contribution.version
        if endorsed.isEndorsedByBoth(sides: spec.sides) {
            batch.append(.adopted(.init(contribution: id, version: contribution.version)))
        }
    }
}

extension SessionState {
    /// A co-chair takes back their side's endorsement before the text is adopted.
    func decideWithdrawEndorsement(_ id: ContributionID, _ caller: Issuer, _ batch: inout EventBatch)
        throws(Refusal)
    {
        guard caller.isCochair, let side = caller.side else {
            throw Refusal(.forbidden, "only co-chairs withdraw endorsements")
        }
        let contribution = try visibleContribution(id, to: caller)
        try require(!contribution.adopted, .conflict, "contribution \(id) is adopted; its text is final")
        try require(isOpen(contribution.item), .closed, "agenda item '\(contribution.item)' is closed")
        try require(
            contribution.endorsements[side] == contribution.version, .conflict,
            "your side has not endorsed the current version of contribution \(id)")
        batch.append(
            .endorsementWithdrawn(
                .init(contribution: id, side: side, by: caller.principal, version: contribution.version)))
    }
}
