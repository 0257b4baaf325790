package dev.libsql4j.cli;

/**
 * Terminal column width of text: counts code points, 2 for East Asian wide/fullwidth characters
 * and emoji, 0 for combining marks, format characters and zero-width joiners.
 */
final class DisplayWidth {

    private DisplayWidth() {
    }

    static int of(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += of(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    static int of(int cp) {
        if (cp == 0) {
            return 0;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.FORMAT || cp == 0x200B) {
            return 0;
        }
        if (cp >= 0xFE00 && cp <= 0xFE0F) { // variation selectors
            return 0;
        }
        return isWide(cp) ? 2 : 1;
    }

    /** East Asian Wide (W) and Fullwidth (F) ranges, plus the emoji blocks terminals draw wide. */
    static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x231A && cp <= 0x231B)
                || (cp >= 0x2329 && cp <= 0x232A)
                || (cp >= 0x23E9 && cp <= 0x23EC)
                || (cp >= 0x25FD && cp <= 0x25FE)
                || (cp >= 0x2614 && cp <= 0x2615)
                || (cp >= 0x2E80 && cp <= 0x303E)
                || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xA960 && cp <= 0xA97F)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE10 && cp <= 0xFE19)
                || (cp >= 0xFE30 && cp <= 0xFE6F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x16FE0 && cp <= 0x18AFF)
                || (cp >= 0x1B000 && cp <= 0x1B2FF)
                || (cp >= 0x1F004 && cp <= 0x1F004)
                || (cp >= 0x1F0CF && cp <= 0x1F0CF)
                || (cp >= 0x1F18E && cp <= 0x1F18E)
                || (cp >= 0x1F191 && cp <= 0x1F19A)
                || (cp >= 0x1F200 && cp <= 0x1F251)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F680 && cp <= 0x1F6FF)
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x1FA70 && cp <= 0x1FAFF)
                || (cp >= 0x20000 && cp <= 0x2FFFD)
                || (cp >= 0x30000 && cp <= 0x3FFFD);
    }
}
