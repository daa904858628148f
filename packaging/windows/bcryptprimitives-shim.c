/* Wine 8 (Debian 12) has no bcryptprimitives.dll, where Rust's std on
   Windows takes its randomness (ProcessPrng, Windows 10+). For the smoke
   test under Wine only: ProcessPrng over RtlGenRandom (advapi32's
   SystemFunction036). Never shipped: Windows has the real DLL. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
