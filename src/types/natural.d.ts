// The natural package's index loads every storage back-end it knows (slow, and it prints to stdout);
// exilewatch imports the few submodules it uses, declared here.
declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  const PorterStemmer: { stem(token: string): string };
  export = PorterStemmer;
}
declare module 'natural/lib/natural/distance/jaro-winkler_distance' {
  function JaroWinklerDistance(s1: string, s2: string, options?: { ignoreCase?: boolean }): number;
  export = JaroWinklerDistance;
}
declare module 'natural/lib/natural/distance/levenshtein_distance' {
  export function DamerauLevenshteinDistance(source: string, target: string, options?: { restricted?: boolean }): number;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer_ru' {
  const PorterStemmerRu: { stem(token: string): string };
  export = PorterStemmerRu;
}
