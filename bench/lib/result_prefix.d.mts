export declare const RESULT_PREFIX_JS: string;
