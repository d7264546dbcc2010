"""Paper parity: registers, stamps, documents and reports as PDF, DOCX and XLSX."""
