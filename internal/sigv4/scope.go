package sigv4

import "github.com/basalt-db/basalt/internal/apierr"

// maxRegionLen bounds a region name; AWS's are at most about 20 characters.
const maxRegionLen = 64

// CheckRegion checks the region of a request's credential scope. Basalt
// serves every region at one endpoint, each with its own tables, so any
// region name is accepted that can stand in an ARN: 1–64 characters of
// letters, digits, '-' and '_' (emulator users often sign for "local").
// Anything else gets AWS's InvalidSignatureException for a region the
// endpoint does not serve.
func CheckRegion(region string) error {
	ok := region != "" && len(region) <= maxRegionLen
	for i := 0; ok && i < len(region); i++ {
		c := region[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
	}
	if !ok {
		return apierr.Newf(apierr.InvalidSignature, "Credential should be scoped to a valid region, not '%s'. ", region)
	}
	return nil
}
