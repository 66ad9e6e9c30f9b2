// Types of the iban-to-bic package (bank directories of AT, BE, DE, ES, FR, LU and NL; no types of its own).
declare module 'iban-to-bic' {
  const ibanToBic: {
    /** The BIC of a valid IBAN's bank, or undefined when the directory does not know it. */
    ibanToBic(iban: string): string | undefined;
  };
  export default ibanToBic;
}
