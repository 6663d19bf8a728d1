# awk -v re=REGEX -f scripts/drop-warnings.awk LOG: LOG without the kernel
# warnings ("cut here" to "end trace") whose "WARNING: ... at FILE:LINE
# FUNCTION" line matches REGEX; the rest, other warnings included, as is.
# re may hold several regexes, separated by newlines.
BEGIN { nre = split(re, res, "\n") }
/------------\[ cut here \]------------/ { inw = 1; n = 0; hit = 0 }
inw {
	buf[++n] = $0
	if ($0 ~ /WARNING: /)
		for (i = 1; i <= nre; i++)
			if (res[i] != "" && $0 ~ res[i])
				hit = 1
	if ($0 ~ /---\[ end trace/) {
		if (!hit)
			for (i = 1; i <= n; i++)
				print buf[i]
		inw = 0
	}
	next
}
{ print }
END { if (inw) for (i = 1; i <= n; i++) print buf[i] }
