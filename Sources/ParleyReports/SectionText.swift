import Foundation

/// The blocks of a section's text (contract §5: paragraphs separated by blank lines), with
/// the two marks the draft uses: a one-line paragraph starting `## ` is a sub-heading, and
/// a line starting `- ` is a list item. Everything else is text, exactly as written.
public enum SectionBlock: Equatable, Sendable {
    case heading(String)
    /// Lines of one paragraph, each kept as a line break.
    case paragraph([String])
    case list([String])

    public static func blocks(_ text: String) -> [SectionBlock] {
        var blocks: [SectionBlock] = []
        var paragraph: [String] = []
        func flush() {
            defer { paragraph = [] }
            guard !paragraph.isEmpty else { return }
            if paragraph.count == 1, paragraph[0].hasPrefix("## ") {
                blocks.append(.heading(paragraph[0].dropFirst(3).trimmingCharacters(in: .whitespaces)))
                return
            }
            var lines: [String] = []
            var items: [String] = []
            for line in paragraph {
                if line.hasPrefix("- ") {
                    if !lines.isEmpty { blocks.append(.paragraph(lines)) }
                    lines = []
                    items.append(String(line.dropFirst(2)))
                } else {
                    if !items.isEmpty { blocks.append(.list(items)) }
                    items = []
                    lines.append(line)
                }
            }
            if !lines.isEmpty { blocks.append(.paragraph(lines)) }
            if !items.isEmpty { blocks.append(.list(items)) }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                flush()
            } else {
                paragraph.append(String(line))
            }
        }
        flush()
        return blocks
    }
}
