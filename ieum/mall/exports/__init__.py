"""Every file the mall writes, as XLSX and HWPX: quotes (견적서) and purchase records
(우선구매 실적)."""
